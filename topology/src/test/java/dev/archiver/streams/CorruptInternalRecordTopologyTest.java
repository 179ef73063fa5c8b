package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.streams.topics.TopicNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One record that does not decode on an internal topic (a chunk topic, the catalog) is skipped and
 * dead-lettered with its bytes and the reason; it never stops the thread, and the runs behind it go
 * on.
 */
class CorruptInternalRecordTopologyTest {

  private static final byte[] GARBAGE =
      "\u0000\u0000\u0000\u0000\u0007not an event".getBytes(StandardCharsets.ISO_8859_1);

  @TempDir Path dataDir;
  private TopologyFixture fx;
  private Path source;

  @BeforeEach
  void start() throws Exception {
    fx = new TopologyFixture(dataDir);
    source = Files.createDirectories(fx.sourceRoot.resolve("run-1"));
    Files.writeString(source.resolve("a.txt"), "alpha\n");
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void shouldDeadLetterACorruptChunkTaskAndGoOn() {
    fx.pipeRaw(TopicNames.CHUNK_TASKS, "run-0#0", GARBAGE);
    fx.pipeRaw(TopicNames.CHUNK_RESULTS, "run-0", GARBAGE);

    fx.input(fx.topics.archiveRequests)
        .pipeInput("run-1", archiveRequest("run-1", "file:" + source));

    assertThat(fx.drain(fx.topics.archiveCompleted))
        .as("the run behind the bad records")
        .hasSize(1);
    // TopologyTestDriver does not pass a handler's dead letters on (InternalRecordCorruptionIT
    // reads them on a broker).
    assertThat(fx.metrics.count("archiver.dead.letters", "topic", TopicNames.CHUNK_TASKS))
        .isEqualTo(1);
    assertThat(fx.metrics.count("archiver.dead.letters", "topic", TopicNames.CHUNK_RESULTS))
        .isEqualTo(1);
  }

  @Test
  void shouldSkipACorruptCatalogRecordAndGoOn() {
    fx.pipeRaw(TopicNames.CATALOG, "some-archive", "{not json".getBytes(StandardCharsets.UTF_8));

    fx.input(fx.topics.archiveRequests)
        .pipeInput("run-1", archiveRequest("run-1", "file:" + source));

    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(1);
  }
}
