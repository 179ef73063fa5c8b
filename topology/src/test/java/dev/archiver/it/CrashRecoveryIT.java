package dev.archiver.it;

import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.ChildArchiver;
import dev.archiver.testing.EventDecoder;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SourceTree;
import dev.archiver.testing.StandaloneStack;
import dev.archiver.testing.TierArchive;
import dev.archiver.testing.TopicReader;
import dev.archiver.testing.TreeSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the archiver in the middle of a run, then a restart on the same data dir: the run
 * finishes, is announced once, and restores byte for byte. The archiver runs as a child JVM so it
 * can really be killed; the broker and registry live in the test JVM and survive it.
 */
class CrashRecoveryIT {

  private static final int MIB = 1 << 20;

  @TempDir Path base;
  private StandaloneStack stack;
  private final List<ChildArchiver> children = new ArrayList<>();

  private static long chunkObjects(TierArchive archive) throws java.io.IOException {
    if (!java.nio.file.Files.isDirectory(archive.directory())) {
      return 0;
    }
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(archive.directory())) {
      return files.filter(f -> f.getFileName().toString().startsWith("chunk-")).count();
    }
  }

  /** Seeded table rows, about {@code bytes} long. */
  private static String rows(int seed, int bytes) {
    java.util.Random random = new java.util.Random(seed);
    StringBuilder out = new StringBuilder(bytes + 64);
    long t = 0;
    while (out.length() < bytes) {
      t += 1 + random.nextInt(5000);
      out.append(t)
          .append(',')
          .append(random.nextInt(64))
          .append(',')
          .append(800 + random.nextInt(400))
          .append(",0\n");
    }
    return out.toString();
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (ChildArchiver child : children) {
      child.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldFinishARunKilledMidwayAfterARestartAnnouncingItOnceAndRestoringItExactly()
      throws Exception {
    String runId = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    Path sources = base.resolve("sources");
    SourceTree tree = new SourceTree(sources.resolve(runId), 5);
    for (int i = 0; i < 10; i++) {
      // CSV-like rows: zstd at level 19 works hard on compressible data (random bytes it skips at
      // any level),
      // so ~40 chunks of 1 MiB take seconds and the run is reliably still in flight when it is
      // killed.
      tree.text("data/part-" + i + ".csv", rows(i, 4 * MIB), "rw-r--r--");
    }
    tree.text("README", "forty mebibytes of table rows\n", "rw-r--r--");
    tree.dir("empty", "rwxr-x---");
    Map<String, TreeSnapshot.Node> expected = TreeSnapshot.of(tree.finish().root());

    stack = StandaloneStack.start(base.resolve("stack"));
    Map<String, String> config =
        new java.util.HashMap<>(stack.archiverConfig(base.resolve("archiver"), sources, "1MiB"));
    // zstd's slowest level: a few MB/s on the rows above.
    config.put(dev.archiver.config.ConfigKeys.COMPRESSION_LEVEL.name(), "19");
    Path logs = Path.of("target", "it-children", "CrashRecoveryIT-" + runId);
    EventDecoder decoder = new EventDecoder(stack.registryUrl());
    TierArchive archive = new TierArchive(base.resolve("archiver").resolve("tier"), runId);

    ChildArchiver first = child(ChildArchiver.start("first", logs, config, List.of("-Xmx512m")));
    first.awaitHealthy(Duration.ofSeconds(90));
    int planned = FileTreePlanner.plan(tree.root(), MIB).chunks().size();
    assertThat(planned).as("chunks planned").isBetween(40, 42);
    try (RequestProducer producer =
        new RequestProducer(stack.bootstrapServers(), stack.registryUrl())) {
      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS, runId, Requests.archive(runId, "file:" + tree.root()));
      // Kill once chunks are in the tier: what the tier holds is the state that matters for
      // recovery, and
      // it is seen at once (progress events arrive with the archiver's commits, which may lag).
      await("two chunks written")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                first.requireAlive();
                return chunkObjects(archive) >= 2;
              });
      first.kill();
      long written = chunkObjects(archive);
      System.out.printf(
          "killed the first archiver (pid %d) with %d of %d chunks in the tier%n",
          first.pid(), written, planned);
      assertThat(written).as("chunks written when the archiver was killed").isLessThan(planned);
    }
    assertThat(archive.manifestFile())
        .as("no manifest yet: the kill cut the run short")
        .doesNotExist();
    TierArchive.StoredObject plan =
        TierArchive.objects(archive.tierRoot())
            .get("archives/" + archive.archiveId() + "/plan.json");
    assertThat(plan).as("the plan, written before any chunk").isNotNull();

    ChildArchiver second = child(ChildArchiver.start("second", logs, config, List.of("-Xmx512m")));
    second.awaitHealthy(Duration.ofSeconds(90));
    try (TopicReader completions =
        new TopicReader(stack.bootstrapServers(), TopicNames.ARCHIVE_COMPLETED)) {
      // The killed member holds its partitions until its session times out (45 s by default): allow
      // for that.
      completions.await(r -> runId.equals(key(r)), Duration.ofMinutes(3), second::requireAlive);
    }

    List<ConsumerRecord<byte[], byte[]>> announced =
        TopicReader.readToEnd(stack.bootstrapServers(), TopicNames.ARCHIVE_COMPLETED).stream()
            .filter(r -> runId.equals(key(r)))
            .toList();
    assertThat(announced).as("ArchiveCompleted records for %s", runId).hasSize(1);
    GenericRecord completed = decoder.decode(announced.get(0).value());
    assertThat((int) completed.get("chunkCount")).isEqualTo(planned);
    assertThat(
            TierArchive.objects(archive.tierRoot())
                .get("archives/" + archive.archiveId() + "/plan.json"))
        .as("the plan is reused after the crash, never listed and written again")
        .isEqualTo(plan);

    List<TierArchive.Chunk> chunks = archive.chunks();
    assertThat(chunks).hasSize(planned);
    Map<String, String> sums =
        archive.sha256sum(chunks.stream().map(TierArchive.Chunk::key).toList());
    for (TierArchive.Chunk chunk : chunks) {
      assertThat(sums.get(chunk.key()))
          .as("sha256sum of %s", chunk.key())
          .isEqualTo(chunk.sha256Out());
    }
    Path restored = base.resolve("restored");
    archive.extractWithTarAndZstd(restored);
    assertThat(TreeSnapshot.of(restored))
        .as("the tree restored by cat | zstd -d | tar -x")
        .isEqualTo(expected);
    assertThat(second.isAlive()).isTrue();
  }

  private ChildArchiver child(ChildArchiver child) {
    children.add(child);
    return child;
  }
}
