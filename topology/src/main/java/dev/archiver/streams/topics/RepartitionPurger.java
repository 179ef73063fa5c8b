package dev.archiver.streams.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the archiver has consumed from its repartition topics, as Kafka Streams does for the
 * repartition topics it names itself. The topics keep everything else forever: a re-keyed request
 * waits for the application however long it is down, and the topics do not grow with history.
 */
public final class RepartitionPurger implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RepartitionPurger.class);
  public static final List<String> TOPICS =
      List.of(
          TopicNames.ARCHIVE_REQUESTS_REPARTITION,
          TopicNames.INTEGRITY_REQUESTS_REPARTITION,
          TopicNames.RESTORE_REQUESTS_REPARTITION,
          TopicNames.ARCHIVE_COMMANDS);

  private final Admin admin;
  private final String applicationId;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "archiver-repartition-purger");
            thread.setDaemon(true);
            return thread;
          });

  private RepartitionPurger(Admin admin, String applicationId) {
    this.admin = admin;
    this.applicationId = applicationId;
  }

  /** Purges every {@code every}, from now until closed. */
  public static RepartitionPurger start(Admin admin, String applicationId, Duration every) {
    RepartitionPurger purger = new RepartitionPurger(admin, applicationId);
    // Nothing to wait for: purgeQuietly logs its own failures, and close() stops the timer.
    ScheduledFuture<?> unused =
        purger.timer.scheduleWithFixedDelay(
            purger::purgeQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return purger;
  }

  private void purgeQuietly() {
    try {
      purge();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | RuntimeException e) {
      LOG.warn(
          "event=repartition_purge_failed error=\"{}\" (tried again later)",
          String.valueOf(e.getMessage()).replace('"', '\''));
    }
  }

  /**
   * Deletes the records before the application's committed offset of each repartition partition.
   */
  void purge() throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, RecordsToDelete> consumed = new HashMap<>();
    committed.forEach(
        (partition, offset) -> {
          if (offset != null && offset.offset() > 0 && TOPICS.contains(partition.topic())) {
            consumed.put(partition, RecordsToDelete.beforeOffset(offset.offset()));
          }
        });
    if (!consumed.isEmpty()) {
      admin.deleteRecords(consumed).all().get();
      LOG.debug("event=repartition_purged partitions={}", consumed.size());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
