package dev.archiver.cli;

import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.RunProgress;
import dev.archiver.events.RunStage;
import dev.archiver.streams.topics.TopicNames;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Follows runs to their end as any consumer would: the compacted progress topic for the bar, the completion and
 * failure topics for the outcome (read_committed, so only what the archiver committed).
 */
final class RunFollower implements AutoCloseable {

  /** How a run ended: its completion, or its failure. */
  record Outcome(String runId, Optional<ArchiveCompleted> completed, Optional<ArchiveFailed> failed, RunProgress last) {
    boolean ok() {
      return last.getStage() == RunStage.COMPLETED;
    }
  }

  private static final int GRACE_POLLS = 15;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AvroKafkaDeserializer<Object> avro;

  RunFollower(ClientEndpoints endpoints) {
    consumer =
        CliConsumers.readCommitted(endpoints, List.of(TopicNames.RUN_PROGRESS, TopicNames.ARCHIVE_COMPLETED, TopicNames.ARCHIVE_FAILED));
    avro = CliConsumers.avro(endpoints);
  }

  /**
   * Waits until every run in {@code runIds} has reached COMPLETED or FAILED, calling {@code onProgress} with each
   * progress update and {@code onOutcome} once per run.
   */
  void follow(Set<String> runIds, Consumer<RunProgress> onProgress, Consumer<Outcome> onOutcome) {
    Map<String, RunProgress> latest = new HashMap<>();
    Map<String, ArchiveCompleted> completions = new HashMap<>();
    Map<String, ArchiveFailed> failures = new HashMap<>();
    Set<String> reported = new java.util.HashSet<>();
    Map<String, Integer> pollsSinceEnd = new HashMap<>();
    while (reported.size() < runIds.size()) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (!runIds.contains(key) || record.value() == null) {
          continue;
        }
        Object value = avro.deserialize(record.topic(), record.headers(), record.value());
        if (value instanceof RunProgress progress) {
          latest.put(key, progress);
          onProgress.accept(progress);
        } else if (value instanceof ArchiveCompleted completed) {
          completions.put(key, completed);
        } else if (value instanceof ArchiveFailed failed) {
          failures.put(key, failed);
        }
      }
      for (String runId : runIds) {
        RunProgress last = latest.get(runId);
        boolean ended = last != null && (last.getStage() == RunStage.COMPLETED || last.getStage() == RunStage.FAILED);
        if (!ended) {
          continue;
        }
        // The outcome event is committed with the final progress but may sit on another partition not fetched
        // yet: give it a few polls. A run found already archived has no second completion event to wait for.
        int polls = pollsSinceEnd.merge(runId, 1, Integer::sum);
        boolean outcomeSeen = completions.containsKey(runId) || failures.containsKey(runId) || polls > GRACE_POLLS;
        if (outcomeSeen && reported.add(runId)) {
          onOutcome.accept(new Outcome(runId, Optional.ofNullable(completions.get(runId)), Optional.ofNullable(failures.get(runId)), last));
        }
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
    avro.close();
  }
}
