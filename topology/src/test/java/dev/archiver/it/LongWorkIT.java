package dev.archiver.it;

import static dev.archiver.testing.EventDecoder.text;
import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.events.RestoreRequested;
import dev.archiver.service.ArchiverService;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.EventDecoder;
import dev.archiver.testing.LogCapture;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.SlowTierStore;
import dev.archiver.testing.SourceTree;
import dev.archiver.testing.TopicReader;
import dev.archiver.testing.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work that takes several times the exactly-once transaction timeout, over a tier slowed on
 * purpose: planning, a chunk write, a restore and an integrity check of every archive. Each ends
 * once, with the answer it deserves, and no stream thread's transaction times out (which would show
 * as TaskMigratedException and a second attempt). The transaction timeout is 2 s here and the
 * embedded broker aborts overdue transactions within a second.
 */
class LongWorkIT {

  private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SLOW = Duration.ofSeconds(7);

  @TempDir static Path dataDir;
  private static ArchiverService service;
  private static ArchiverConfig config;
  private static SlowTierStore tier;
  private static LogCapture log;

  @BeforeAll
  static void start() throws Exception {
    log = new LogCapture();
    Map<String, String> values = SharedArchiver.embeddedOnFreePorts(dataDir);
    values.put(ConfigKeys.TRANSACTION_TIMEOUT.name(), TRANSACTION_TIMEOUT.toSeconds() + "s");
    config = ArchiverConfig.defaultsWith(values);
    service = ArchiverService.start(config, store -> tier = new SlowTierStore(store));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (log != null) {
      log.close();
    }
  }

  @Test
  void shouldFinishLongWorkOnceWithoutATransactionTimingOut() throws Exception {
    String bootstrap = service.bootstrapServers();
    SourceTree tree = new SourceTree(config.sourceRoots().get(0).resolve("slow-run"), 11);
    tree.random("data.bin", 1_500_000);
    tree.text("notes/readme.txt", "slow but sure\n".repeat(1000), "rw-r--r--");
    Path source = tree.finish().root();
    Map<String, TreeSnapshot.Node> expected = TreeSnapshot.of(source);

    try (RequestProducer producer = new RequestProducer(bootstrap, service.registryUrl());
        TopicReader completed = new TopicReader(bootstrap, TopicNames.ARCHIVE_COMPLETED);
        TopicReader restored = new TopicReader(bootstrap, TopicNames.RESTORE_COMPLETED);
        TopicReader checked = new TopicReader(bootstrap, TopicNames.INTEGRITY_RESULTS)) {
      // 1. Planning (the plan's upload) and one chunk write each take 3.5x the transaction timeout.
      tier.slowPuts(
          key -> key.endsWith("/plan.json") || key.endsWith("/chunk-000002.tar.zst"), SLOW);
      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS, "slow-run", Requests.archive("slow-run", "file:" + source));
      completed.await(r -> "slow-run".equals(key(r)), Duration.ofSeconds(90));
      tier.clear();

      // 2. A restore that reads every chunk slowly: many times the transaction timeout in all.
      tier.slowOpens(key -> key.contains("/chunk-"), Duration.ofMillis(700));
      Path target = config.restoreRoots().get(0).resolve("slow-restore");
      RestoreRequested restore = Requests.restore("slow-restore", "slow-run", "file:" + target);
      restore.setTtlSeconds(3L);
      producer.sendAvro(TopicNames.RESTORE_REQUESTS, "slow-restore", restore);
      restored.await(r -> "slow-restore".equals(key(r)), Duration.ofMinutes(2));
      assertThat(tier.delayed.get())
          .as("chunk reads slowed: %s", tier.delayed)
          .isGreaterThanOrEqualTo(12);
      tier.clear();
      assertThat(TreeSnapshot.of(target)).isEqualTo(expected);

      // 3. A check of every archive whose manifests come slowly.
      for (int i = 0; i < 4; i++) {
        SourceTree smallTree = new SourceTree(config.sourceRoots().get(0).resolve("small-" + i), i);
        smallTree.text("f.txt", "file " + i, "rw-r--r--");
        Path small = smallTree.finish().root();
        producer.sendAvro(
            TopicNames.ARCHIVE_REQUESTS,
            "small-" + i,
            Requests.archive("small-" + i, "file:" + small));
      }
      for (int i = 0; i < 4; i++) {
        String runId = "small-" + i;
        completed.await(r -> runId.equals(key(r)), Duration.ofSeconds(60));
      }
      tier.slowOpens(key -> key.endsWith("/manifest.json"), Duration.ofSeconds(2));
      producer.sendAvro(
          TopicNames.INTEGRITY_REQUESTS, "slow-check", Requests.integrity("slow-check"));
      ConsumerRecord<byte[], byte[]> summary =
          checked.await(r -> "slow-check".equals(key(r)), Duration.ofMinutes(2));
      tier.clear();
      GenericRecord s = new EventDecoder(service.registryUrl()).decode(summary.value());
      assertThat((int) s.get("archivesChecked")).isEqualTo(5);
      assertThat((int) s.get("archivesFailed")).isZero();

      // 4. The restored copy goes at its TTL.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !Files.exists(target.resolve("data.bin")));
    }

    assertThat(answersTo(TopicNames.ARCHIVE_COMPLETED, "slow-run")).as("archived once").hasSize(1);
    assertThat(answersTo(TopicNames.ARCHIVE_FAILED, "slow-run")).isEmpty();
    assertThat(answersTo(TopicNames.RESTORE_COMPLETED, "slow-restore"))
        .as("restored once")
        .hasSize(1);
    assertThat(answersTo(TopicNames.RESTORE_FAILED, "slow-restore")).isEmpty();
    assertThat(answersTo(TopicNames.INTEGRITY_RESULTS, "slow-check")).as("one summary").hasSize(1);
    assertThat(log.mentioning("TaskMigratedException")).isEmpty();
    assertThat(log.mentioning("ProducerFencedException")).isEmpty();
    assertThat(log.mentioning("InvalidProducerEpoch")).isEmpty();
    assertThat(auditActions("slow-restore")).contains("accepted", "restored", "expired");
  }

  private static List<ConsumerRecord<byte[], byte[]>> answersTo(String topic, String key) {
    return TopicReader.readToEnd(service.bootstrapServers(), topic).stream()
        .filter(r -> key.equals(key(r)))
        .toList();
  }

  private static List<String> auditActions(String subject) {
    EventDecoder decoder = new EventDecoder(service.registryUrl());
    List<String> actions = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : answersTo(TopicNames.AUDIT, subject)) {
      actions.add(text(decoder.decode(r.value()), "action"));
    }
    return actions;
  }
}
