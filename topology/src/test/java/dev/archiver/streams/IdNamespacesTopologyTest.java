package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.events.ConflictStrategy;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import dev.archiver.events.RestoreRequested;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids that look like other ids: a run named like another run's archive, runs whose ids nest ("p"
 * and "p/1").
 */
class IdNamespacesTopologyTest {

  @TempDir Path dataDir;
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
  void shouldKeepTheChunksOfRunsWhoseIdsNestApart() throws IOException {
    Path inner = tree("inner", 3);
    Path outer = tree("outer", 5);
    // The nested run first, so its chunks are stored while the outer run collects its own.
    fx.input(fx.topics.archiveRequests).pipeInput("p/1", archiveRequest("p/1", "file:" + inner));
    fx.input(fx.topics.archiveRequests).pipeInput("p", archiveRequest("p", "file:" + outer));
    held.runAll(fx.driver);
    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(2);

    for (String runId : new String[] {"p", "p/1"}) {
      Manifest manifest = Manifests.read(fx.tier, ArchiveKeys.archiveId(runId));
      assertThat(manifest.chunks())
          .extracting(ManifestChunk::key)
          .as("chunks of " + runId)
          .allMatch(key -> key.startsWith(ArchiveKeys.prefix(ArchiveKeys.archiveId(runId))));
    }
    assertThat(Manifests.read(fx.tier, ArchiveKeys.archiveId("p")).totals().files()).isEqualTo(5);
    assertThat(Manifests.read(fx.tier, ArchiveKeys.archiveId("p/1")).totals().files()).isEqualTo(3);
  }

  @Test
  void shouldRestoreTheRunNamedNotTheArchiveItsNameLooksLike() throws IOException {
    String lookalike = ArchiveKeys.archiveId("b"); // a run named exactly like run b's archive
    Files.writeString(
        Files.createDirectories(fx.sourceRoot.resolve("b")).resolve("which.txt"), "run b");
    Files.writeString(
        Files.createDirectories(fx.sourceRoot.resolve("lookalike")).resolve("which.txt"),
        "run " + lookalike);
    fx.input(fx.topics.archiveRequests)
        .pipeInput("b", archiveRequest("b", "file:" + fx.sourceRoot.resolve("b")));
    fx.input(fx.topics.archiveRequests)
        .pipeInput(
            lookalike, archiveRequest(lookalike, "file:" + fx.sourceRoot.resolve("lookalike")));
    held.runAll(fx.driver);
    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(2);
    Path target = fx.config.restoreRoots().get(0).resolve("r");

    fx.input(fx.topics.restoreRequests)
        .pipeInput(
            "r",
            RestoreRequested.newBuilder()
                .setRestoreId("r")
                .setRunId(lookalike)
                .setTarget("file:" + target)
                .setConflict(ConflictStrategy.FAIL)
                .setRequestedBy("test")
                .setRequestedAt(Instant.EPOCH)
                .build());
    held.runAll(fx.driver);

    assertThat(fx.drain(fx.topics.restoreCompleted)).hasSize(1);
    assertThat(target.resolve("which.txt")).hasContent("run " + lookalike);
  }

  @Test
  void shouldRunARepeatedCheckIdOnceWhileItIsInFlight() throws IOException {
    fx.input(fx.topics.archiveRequests)
        .pipeInput("p", archiveRequest("p", "file:" + tree("outer", 5)));
    held.runAll(fx.driver);
    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(1);
    check("alone");
    held.runAll(fx.driver);
    int once = fx.drain(fx.topics.integrityResults).size();

    check("twice");
    check("twice"); // the same check id again while the first is still planned and verifying
    held.runAll(fx.driver);

    var results = fx.drain(fx.topics.integrityResults);
    assertThat(results).as("one round of results, not two mixed").hasSize(once);
    assertThat(results).allSatisfy(r -> assertThat(r.value().getOk()).isTrue());
  }

  private void check(String checkId) {
    fx.input(fx.topics.integrityRequests)
        .pipeInput(
            checkId,
            IntegrityCheckRequested.newBuilder()
                .setCheckId(checkId)
                .setScope(IntegrityScope.ARCHIVE)
                .setRunId("p")
                .setDeep(true)
                .setRequestedBy("test")
                .setRequestedAt(Instant.EPOCH)
                .build());
  }

  private Path tree(String name, int files) throws IOException {
    Path root = Files.createDirectories(fx.sourceRoot.resolve(name));
    for (int i = 0; i < files; i++) {
      Files.writeString(
          root.resolve("f" + i + ".txt"), (name + i + "\n").repeat(900)); // several 4 KiB chunks
    }
    return root;
  }
}
