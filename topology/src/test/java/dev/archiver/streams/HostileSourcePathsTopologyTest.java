package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ConfigKeys;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source validated inside source.roots and then swapped for a link out of them before it is
 * planned.
 */
class HostileSourcePathsTopologyTest {

  @TempDir Path dataDir;
  @TempDir Path elsewhere;
  private final HeldJobs held = new HeldJobs();
  private TopologyFixture fx;

  @BeforeEach
  void setUp() throws IOException {
    fx =
        new TopologyFixture(
            dataDir,
            dataDir.resolve("streams"),
            Map.of(ConfigKeys.CHUNK_SIZE.name(), "4KiB"),
            UnaryOperator.identity(),
            held.pools());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void shouldRefuseToPlanASourceSwappedForALinkOutOfTheRootsAfterValidation() throws IOException {
    Path source = Files.createDirectories(fx.sourceRoot.resolve("run-1"));
    Files.writeString(source.resolve("ok.txt"), "inside");
    Files.writeString(elsewhere.resolve("secret.txt"), "outside the source roots");
    fx.input(fx.topics.archiveRequests)
        .pipeInput("run-1", archiveRequest("run-1", "file:" + source));
    assertThat(held.held()).as("accepted, planning waits for a pool thread").isEqualTo(1);

    Files.delete(source.resolve("ok.txt"));
    Files.delete(source);
    Files.createSymbolicLink(source, elsewhere);
    held.runAll(fx.driver);

    ArchiveFailed failed = fx.drain(fx.topics.archiveFailed).get(0).value();
    assertThat(failed.getReason()).isEqualTo(ReasonCode.PATH_OUTSIDE_ROOTS);
    assertThat(fx.drain(fx.topics.archiveCompleted)).isEmpty();
  }
}
