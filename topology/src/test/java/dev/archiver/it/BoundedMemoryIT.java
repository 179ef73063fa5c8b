package dev.archiver.it;

import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.ChildArchiver;
import dev.archiver.testing.EventDecoder;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SourceTree;
import dev.archiver.testing.StandaloneStack;
import dev.archiver.testing.TierArchive;
import dev.archiver.testing.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Bounded work per record": an archiver with a 256 MiB heap archives a 2 GiB file in chunks larger
 * than its heap, so neither the file nor a chunk can be held in memory, and stays up and healthy.
 */
class BoundedMemoryIT {

  private static final long GIB = 1L << 30;

  @TempDir Path base;
  private StandaloneStack stack;
  private ChildArchiver archiver;

  @AfterEach
  void stopEverything() throws Exception {
    try {
      if (archiver != null) {
        archiver.close();
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  @Test
  void shouldArchiveA2GiBFileInChunksLargerThanItsHeapAndStayHealthy() throws Exception {
    String runId = "big-" + UUID.randomUUID().toString().substring(0, 8);
    Path sources = base.resolve("sources");
    SourceTree tree = new SourceTree(sources.resolve(runId), 9);
    // A sparse file: 2 GiB to every reader (the archiver reads all of it), no disk blocks. Its
    // zeros compress
    // to almost nothing, so the tier stays small too; the heap is what the test is about.
    tree.sparse("huge.img", 2 * GIB);
    tree.text("small/a.txt", "a\n", "rw-r--r--");
    tree.text("small/b.txt", "b\n", "rw-------");
    tree.random("small/c.bin", 100_000);
    tree.finish();

    stack = StandaloneStack.start(base.resolve("stack"));
    Map<String, String> config = stack.archiverConfig(base.resolve("archiver"), sources, "512MiB");
    Path logs = Path.of("target", "it-children", "BoundedMemoryIT-" + runId);
    // An OutOfMemoryError ends the child at once (instead of a stream thread being replaced and
    // retrying forever).
    archiver =
        ChildArchiver.start(
            "archiver", logs, config, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
    archiver.awaitHealthy(Duration.ofSeconds(90));

    try (RequestProducer producer =
            new RequestProducer(stack.bootstrapServers(), stack.registryUrl());
        TopicReader completions =
            new TopicReader(stack.bootstrapServers(), TopicNames.ARCHIVE_COMPLETED)) {
      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS, runId, Requests.archive(runId, "file:" + tree.root()));
      completions.await(r -> runId.equals(key(r)), Duration.ofSeconds(150), archiver::requireAlive);
    }

    List<ConsumerRecord<byte[], byte[]>> announced =
        TopicReader.readToEnd(stack.bootstrapServers(), TopicNames.ARCHIVE_COMPLETED).stream()
            .filter(r -> runId.equals(key(r)))
            .toList();
    assertThat(announced).as("ArchiveCompleted records for %s", runId).hasSize(1);
    GenericRecord completed =
        new EventDecoder(stack.registryUrl()).decode(announced.get(0).value());
    assertThat((long) completed.get("bytesIn"))
        .as("bytes read from the source")
        .isGreaterThanOrEqualTo(2 * GIB);
    assertThat((long) completed.get("records")).as("files").isEqualTo(4);
    assertThat((int) completed.get("chunkCount"))
        .as("512 MiB chunks of a stream just over 2 GiB")
        .isEqualTo(5);

    TierArchive archive = new TierArchive(base.resolve("archiver").resolve("tier"), runId);
    List<TierArchive.Chunk> chunks = archive.chunks();
    Map<String, String> sums =
        archive.sha256sum(chunks.stream().map(TierArchive.Chunk::key).toList());
    for (TierArchive.Chunk chunk : chunks) {
      assertThat(sums.get(chunk.key()))
          .as("sha256sum of %s", chunk.key())
          .isEqualTo(chunk.sha256Out());
    }

    archiver.requireAlive();
    assertThat(archiver.health()).as("GET /health after the run").isEqualTo(200);
    assertThat(archiver.log()).doesNotContain("OutOfMemoryError", "stream_thread_failed");
  }
}
