package dev.archiver.streams.restore;

import dev.archiver.connectors.paths.OutsideRootsException;
import dev.archiver.connectors.restore.CleanupResult;
import dev.archiver.connectors.restore.RestoreCleaner;
import dev.archiver.connectors.restore.RestoreJournal;
import dev.archiver.events.AuditSubject;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.BackgroundJobs;
import dev.archiver.streams.work.Finished;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wall clock of the restore queue: restored copies whose TTL has passed are removed (exactly
 * what their journal says the restore wrote) on a run-pool thread, since a large copy takes long to
 * delete, then marked expired.
 */
final class ExpireRestores {

  private static final Logger LOG = LoggerFactory.getLogger(ExpireRestores.class);
  static final Duration TICK = Duration.ofSeconds(1);

  private final BackgroundJobs<RestoreEntry, Void> jobs;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, RestoreEntry> queue;

  private final RestoreTargets targets;

  ExpireRestores(RestoreTargets targets, WorkPools pools) {
    this.targets = targets;
    this.jobs =
        new BackgroundJobs<>(
            StoreNames.RESTORE_EXPIRIES_PENDING,
            pools,
            WorkPools.Pool.RUNS,
            (key, entry) -> () -> remove(entry));
  }

  void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.queue = context.getStateStore(StoreNames.RESTORE_QUEUE);
    jobs.init(context, this::expired);
    context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::expireDue);
  }

  void close() {
    jobs.close();
  }

  private void expireDue(long now) {
    List<RestoreEntry> due = new ArrayList<>();
    try (KeyValueIterator<String, RestoreEntry> all = queue.all()) {
      all.forEachRemaining(
          kv -> {
            RestoreEntry e = kv.value;
            if ("AVAILABLE".equals(e.status()) && e.expiresAt() > 0 && e.expiresAt() <= now) {
              due.add(e);
            }
          });
    }
    for (RestoreEntry entry : due) {
      RestoreEntry expiring = entry.withStatus("EXPIRING", null, now);
      queue.put(entry.restoreId(), expiring);
      jobs.start(entry.restoreId(), expiring);
    }
    jobs.deliver();
  }

  /**
   * Runs on a pool thread: removes what the journal says the restore created and is still as it
   * made it, below the target as it resolves now. A record this archiver would not have named (an
   * older version's list) is never trusted to name files: its copy is left for the operator.
   */
  private Void remove(RestoreEntry entry) throws IOException {
    Path record = Path.of(entry.writtenList());
    if (!targets.isJournal(record)) {
      LOG.warn(
          "event=restore_expiry_skipped restore={} record={} reason=\"not a journal of this version; the copy at {} is left in place\"",
          entry.restoreId(),
          record,
          entry.target());
      return null;
    }
    if (!Files.exists(record)) {
      return null; // an earlier removal finished and only its answer was lost
    }
    Path target = targets.resolve(entry.target());
    try (RestoreJournal journal = RestoreJournal.open(record, target)) {
      CleanupResult cleanup = RestoreCleaner.remove(target, journal.created());
      if (!cleanup.kept().isEmpty()) {
        LOG.info(
            "event=restore_expiry_kept restore={} kept={} reason=\"changed or added to since the restore\"",
            entry.restoreId(),
            cleanup.kept().size());
      }
    }
    Files.delete(record);
    return null;
  }

  private void expired(Finished<RestoreEntry, Void> done) {
    RestoreEntry entry = done.job();
    long now = context.currentSystemTimeMs();
    if (done.failed() && done.failure() instanceof OutsideRootsException outside) {
      // Permanent: the target leads outside restore.roots now, so nothing is removed, and retrying
      // will not help.
      LOG.warn(
          "event=restore_expiry_refused restore={} error=\"{}\"",
          entry.restoreId(),
          outside.getMessage().replace('"', '\''));
      queue.put(
          entry.restoreId(),
          entry.withStatus("EXPIRED", "left in place: " + outside.getMessage(), now));
      return;
    }
    if (done.failed()) {
      LOG.warn(
          "event=restore_expiry_failed restore={} error=\"{}\" (retried next tick)",
          entry.restoreId(),
          String.valueOf(done.failure().getMessage()).replace('"', '\''));
      queue.put(
          entry.restoreId(),
          entry.withStatus(
              "AVAILABLE", "expiry failed, retried: " + done.failure().getMessage(), now));
      return;
    }
    queue.put(entry.restoreId(), entry.withStatus("EXPIRED", null, now));
    LOG.info("event=restore_expired restore={} target={}", entry.restoreId(), entry.target());
    context.forward(
        new Record<>(
            entry.restoreId(),
            AuditEvents.of(
                AuditSubject.RESTORE,
                entry.restoreId(),
                "expired",
                "archiver",
                Map.of("target", entry.target()),
                now),
            now),
        Sinks.AUDIT);
  }
}
