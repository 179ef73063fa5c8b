package dev.archiver.cli;

import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.RunProgress;
import dev.archiver.streams.topics.TopicNames;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Waits for the answers to archive requests as any consumer would: the completion and failure
 * events that carry the request's own requestId (read_committed, from the moment the follower was
 * opened), and the progress topic for the bar. Progress alone never ends a wait: only an answer to
 * this request does, rejections included.
 */
final class RunFollower implements AutoCloseable {

  /** How a request was answered. */
  record Outcome(
      String runId, Optional<ArchiveCompleted> completed, Optional<ArchiveFailed> failed) {
    boolean ok() {
      return completed.isPresent();
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AvroKafkaDeserializer<Object> avro;

  /** Open it before publishing: it sees what comes after this moment. */
  RunFollower(ClientEndpoints endpoints) {
    consumer =
        CliConsumers.fromNow(
            endpoints,
            List.of(
                TopicNames.RUN_PROGRESS, TopicNames.ARCHIVE_COMPLETED, TopicNames.ARCHIVE_FAILED));
    avro = CliConsumers.avro(endpoints);
  }

  /**
   * Waits for the answer to each request ({@code requestIdsByRun}: run id to the requestId it was
   * sent with), calling {@code onProgress} with each progress update of those runs and {@code
   * onOutcome} once per answer.
   *
   * @return the answers that came before the deadline, by run id
   */
  Map<String, Outcome> follow(
      Map<String, String> requestIdsByRun,
      Deadline deadline,
      Consumer<RunProgress> onProgress,
      Consumer<Outcome> onOutcome) {
    Map<String, Outcome> answered = new HashMap<>();
    while (answered.size() < requestIdsByRun.size() && !deadline.passed()) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(deadline.nextPoll())) {
        String runId = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (!requestIdsByRun.containsKey(runId)
            || answered.containsKey(runId)
            || record.value() == null) {
          continue;
        }
        Object value = avro.deserialize(record.topic(), record.headers(), record.value());
        String wanted = requestIdsByRun.get(runId);
        Outcome outcome = null;
        if (value instanceof RunProgress progress) {
          onProgress.accept(progress);
        } else if (value instanceof ArchiveCompleted completed
            && Objects.equals(completed.getRequestId(), wanted)) {
          outcome = new Outcome(runId, Optional.of(completed), Optional.empty());
        } else if (value instanceof ArchiveFailed failed
            && Objects.equals(failed.getRequestId(), wanted)) {
          outcome = new Outcome(runId, Optional.empty(), Optional.of(failed));
        }
        if (outcome != null) {
          answered.put(runId, outcome);
          onOutcome.accept(outcome);
        }
      }
    }
    return answered;
  }

  @Override
  public void close() {
    CliConsumers.close(consumer);
    avro.close();
  }
}
