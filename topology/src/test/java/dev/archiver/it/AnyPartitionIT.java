package dev.archiver.it;

import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.EventDecoder;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.SourceTree;
import dev.archiver.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests on whatever partition a producer chose: the one Java's partitioner would not pick, a
 * partitioner of another kind (CRC32, as librdkafka-based clients use), no key at all. Every run,
 * check and restore is answered exactly once: the archiver re-keys requests by its own rule before
 * anything meets its state.
 */
@ExtendWith(SharedArchiver.class)
class AnyPartitionIT {

  /** librdkafka's "consistent" partitioning: CRC32 of the key, not Java's murmur2. */
  public static final class Crc32Partitioner implements Partitioner {
    @Override
    public int partition(
        String topic,
        Object key,
        byte[] keyBytes,
        Object value,
        byte[] valueBytes,
        Cluster cluster) {
      CRC32 crc = new CRC32();
      crc.update(keyBytes);
      return (int) (crc.getValue() % cluster.partitionCountForTopic(topic));
    }

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
  }

  private static int javaPartition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  @Test
  void shouldAnswerEveryRequestOnceWhateverPartitionItCameOn() throws Exception {
    SharedArchiver.Running archiver = SharedArchiver.get();
    String bootstrap = archiver.service().bootstrapServers();
    String registry = archiver.service().registryUrl();
    int partitions = archiver.config().topicPartitions();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<String> runIds = new ArrayList<>();

    try (RequestProducer java = new RequestProducer(bootstrap, registry);
        RequestProducer crc = new RequestProducer(bootstrap, registry, Crc32Partitioner.class);
        TopicReader completed = new TopicReader(bootstrap, TopicNames.ARCHIVE_COMPLETED);
        TopicReader restored = new TopicReader(bootstrap, TopicNames.RESTORE_COMPLETED);
        TopicReader checked = new TopicReader(bootstrap, TopicNames.INTEGRITY_RESULTS)) {
      for (int i = 0; i < 6; i++) {
        String runId = "anypart-" + tag + "-" + i;
        runIds.add(runId);
        SourceTree tree = new SourceTree(archiver.config().sourceRoots().get(0).resolve(runId), i);
        tree.random(
            "data.bin",
            600_000 + i * 1000L); // several chunks, spread over both chunk-result partitions
        Path source = tree.finish().root();
        var request = Requests.archive(runId, "file:" + source);
        switch (i % 3) {
          case 0 ->
              java.sendAvro(
                  TopicNames.ARCHIVE_REQUESTS,
                  (javaPartition(runId, partitions) + 1) % partitions,
                  runId,
                  request);
          case 1 -> java.sendAvro(TopicNames.ARCHIVE_REQUESTS, i % partitions, null, request);
          default -> crc.sendAvro(TopicNames.ARCHIVE_REQUESTS, runId, request);
        }
      }
      for (String runId : runIds) {
        completed.await(r -> runId.equals(key(r)), Duration.ofSeconds(90));
      }

      String restoreId = "anypart-restore-" + tag;
      Path target = archiver.config().restoreRoots().get(0).resolve(restoreId);
      java.sendAvro(
          TopicNames.RESTORE_REQUESTS,
          (javaPartition(restoreId, partitions) + 1) % partitions,
          restoreId,
          Requests.restore(restoreId, runIds.get(0), "file:" + target));
      restored.await(r -> restoreId.equals(key(r)), Duration.ofSeconds(60));

      String checkId = "anypart-check-" + tag;
      IntegrityCheckRequested check =
          IntegrityCheckRequested.newBuilder()
              .setCheckId(checkId)
              .setScope(IntegrityScope.ARCHIVE)
              .setRunId(runIds.get(1))
              .setRequestedBy("it")
              .setRequestedAt(Instant.now())
              .build();
      crc.sendAvro(TopicNames.INTEGRITY_REQUESTS, checkId, check);
      checked.await(r -> checkId.equals(key(r)), Duration.ofSeconds(60));
    }

    EventDecoder decoder = new EventDecoder(registry);
    Map<String, Long> completions =
        TopicReader.readToEnd(bootstrap, TopicNames.ARCHIVE_COMPLETED).stream()
            .filter(r -> runIds.contains(key(r)))
            .filter(r -> Boolean.FALSE.equals(decoder.decode(r.value()).get("repeat")))
            .collect(Collectors.groupingBy(TopicReader::key, Collectors.counting()));
    assertThat(completions)
        .as("each run archived exactly once")
        .hasSize(runIds.size())
        .allSatisfy((run, count) -> assertThat(count).isEqualTo(1L));
    assertThat(
            TopicReader.readToEnd(bootstrap, TopicNames.ARCHIVE_FAILED).stream()
                .filter(r -> runIds.contains(key(r))))
        .isEmpty();

    // The re-keyed requests are kept until consumed, then deleted (the topic has no retention limit
    // of its own).
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
      for (int p = 0; p < partitions; p++) {
        earliest.put(
            new TopicPartition(TopicNames.ARCHIVE_REQUESTS_REPARTITION, p), OffsetSpec.earliest());
      }
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  admin.listOffsets(earliest).all().get().values().stream()
                          .mapToLong(o -> o.offset())
                          .sum()
                      > 0);
    }
  }
}
