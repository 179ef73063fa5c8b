package dev.archiver.it;

import static dev.archiver.testing.EventDecoder.text;
import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.events.RunStage;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.EventDecoder;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SampleTrees;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.TierArchive;
import dev.archiver.testing.TopicReader;
import dev.archiver.testing.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run from request to archive on the real broker and registry, then checked and restored with
 * nothing but {@code sha256sum}, {@code cat}, {@code zstd} and {@code tar}: what an operator has
 * when the archiver is gone.
 */
@ExtendWith(SharedArchiver.class)
class ArchiveEndToEndIT {

  private static final int CHUNK_SIZE = SampleTrees.SHARED_CHUNK_SIZE;

  @TempDir Path work;

  @Test
  void shouldArchiveATreeThatSha256sumVerifiesAndCatZstdTarRestoresExactly() throws Exception {
    SharedArchiver.Running archiver = SharedArchiver.get();
    String bootstrap = archiver.service().bootstrapServers();
    String runId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    Path source = archiver.config().sourceRoots().get(0).resolve(runId);
    Map<String, TreeSnapshot.Node> expected = TreeSnapshot.of(SampleTrees.mixed(source).root());
    assertThat(expected)
        .as("the tree holds what the test is about")
        .containsKeys(
            "empty-dir",
            "private-empty",
            "empty.dat",
            "link-to-file",
            "link-to-dir",
            "données/été.txt",
            "日本語.bin",
            "big.bin")
        .hasEntrySatisfying("big.bin", n -> assertThat(n.size()).isGreaterThan(2L * CHUNK_SIZE));
    long files = expected.values().stream().filter(n -> n.type().equals("file")).count();

    try (RequestProducer producer =
            new RequestProducer(bootstrap, archiver.service().registryUrl());
        TopicReader completions = new TopicReader(bootstrap, TopicNames.ARCHIVE_COMPLETED)) {
      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS, runId, Requests.archive(runId, "file:" + source));
      completions.await(
          r -> runId.equals(key(r)),
          Duration.ofSeconds(90),
          () -> requireNotFailed(archiver, runId));
    }

    List<ConsumerRecord<byte[], byte[]>> announced =
        TopicReader.readToEnd(bootstrap, TopicNames.ARCHIVE_COMPLETED).stream()
            .filter(r -> runId.equals(key(r)))
            .toList();
    assertThat(announced).as("ArchiveCompleted records for %s", runId).hasSize(1);
    GenericRecord completed =
        new EventDecoder(archiver.service().registryUrl()).decode(announced.get(0).value());

    TierArchive archive = new TierArchive(archiver.config().filesystemTierPath(), runId);
    List<TierArchive.Chunk> chunks = archive.chunks();
    assertThat(text(completed, "archiveId")).isEqualTo(archive.archiveId());
    assertThat(text(completed, "location")).isEqualTo(archive.manifestFile().toUri().toString());
    assertThat(completed.get("dryRun")).isEqualTo(false);
    assertThat((long) completed.get("records")).as("files archived").isEqualTo(files);
    assertThat((int) completed.get("chunkCount"))
        .isEqualTo(chunks.size())
        .isGreaterThanOrEqualTo(3);
    assertThat(chunks.stream().mapToLong(TierArchive.Chunk::bytesIn).sum())
        .isEqualTo((long) completed.get("bytesIn"));
    assertThat(chunks.stream().mapToLong(TierArchive.Chunk::bytesOut).sum())
        .isEqualTo((long) completed.get("bytesOut"));
    long offset = 0;
    for (int i = 0; i < chunks.size(); i++) {
      TierArchive.Chunk chunk = chunks.get(i);
      assertThat(chunk.index()).isEqualTo(i);
      assertThat(chunk.key())
          .isEqualTo(
              String.format(Locale.ROOT, "archives/%s/chunk-%06d.tar.zst", archive.archiveId(), i));
      assertThat(chunk.offset())
          .as("chunk %d starts where the one before ended", i)
          .isEqualTo(offset);
      offset += chunk.bytesIn();
    }
    try (Stream<Path> stored = Files.list(archive.directory())) {
      assertThat(stored.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("chunk-")))
          .as("chunk objects in the tier are exactly the manifest's")
          .containsExactlyInAnyOrderElementsOf(
              chunks.stream().map(c -> c.key().substring(c.key().lastIndexOf('/') + 1)).toList());
    }

    Map<String, String> sums =
        archive.sha256sum(chunks.stream().map(TierArchive.Chunk::key).toList());
    for (TierArchive.Chunk chunk : chunks) {
      assertThat(sums.get(chunk.key()))
          .as("sha256sum of %s against the manifest's sha256Out", chunk.key())
          .isEqualTo(chunk.sha256Out());
    }
    String manifestKey = "archives/" + archive.archiveId() + "/manifest.json";
    assertThat(archive.sha256sum(List.of(manifestKey)).get(manifestKey))
        .as("sha256sum of the manifest against ArchiveCompleted.manifestSha256")
        .isEqualTo(text(completed, "manifestSha256"));

    Path restored = work.resolve("out");
    archive.extractWithTarAndZstd(restored);
    assertThat(TreeSnapshot.of(restored))
        .as("the tree restored by cat | zstd -d | tar -x")
        .isEqualTo(expected);
  }

  private static void requireNotFailed(SharedArchiver.Running archiver, String runId) {
    archiver
        .service()
        .run(runId)
        .map(RunState.class::cast)
        .filter(r -> r.stage() == RunStage.FAILED)
        .ifPresent(
            r -> {
              throw new AssertionError(
                  "run " + runId + " failed: " + r.reason() + ": " + r.lastError());
            });
  }
}
