package dev.archiver.streams.restore;

import dev.archiver.streams.AuditEvents;
import dev.archiver.streams.Sinks;

import dev.archiver.connectors.restore.RestoreCleaner;
import dev.archiver.connectors.restore.RestoreJournal;
import dev.archiver.events.AuditSubject;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.validation.PathGuard;
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

/** The wall clock of the restore queue: removes restored copies whose TTL has passed and marks them expired. */
final class ExpireRestores {

  private static final Logger LOG = LoggerFactory.getLogger(ExpireRestores.class);
  static final Duration TICK = Duration.ofSeconds(1);

  private final ProcessorContext<String, Object> context;
  private final KeyValueStore<String, RestoreEntry> queue;

  private ExpireRestores(ProcessorContext<String, Object> context, KeyValueStore<String, RestoreEntry> queue) {
    this.context = context;
    this.queue = queue;
  }

  static void schedule(ProcessorContext<String, Object> context) {
    ExpireRestores expiry = new ExpireRestores(context, context.getStateStore(StoreNames.RESTORE_QUEUE));
    context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, expiry::expireDue);
  }

  private void expireDue(long now) {
    List<RestoreEntry> due = new ArrayList<>();
    try (KeyValueIterator<String, RestoreEntry> all = queue.all()) {
      all.forEachRemaining(kv -> {
        RestoreEntry e = kv.value;
        if ("AVAILABLE".equals(e.status()) && e.expiresAt() > 0 && e.expiresAt() <= now) {
          due.add(e);
        }
      });
    }
    for (RestoreEntry entry : due) {
      expire(entry, now);
    }
  }

  private void expire(RestoreEntry entry, long now) {
    Path target = Path.of(PathGuard.filePath(entry.target()).orElseThrow());
    try {
      Path record = Path.of(entry.writtenList());
      try (RestoreJournal journal = RestoreJournal.open(record, target)) {
        RestoreCleaner.remove(journal.paths(), journal.root());
      }
      Files.deleteIfExists(record);
      queue.put(entry.restoreId(), entry.withStatus("EXPIRED", null, now));
      LOG.info("event=restore_expired restore={} target={}", entry.restoreId(), target);
      context.forward(
          new Record<>(entry.restoreId(), AuditEvents.of(AuditSubject.RESTORE, entry.restoreId(), "expired", "archiver", Map.of("target", entry.target()), now), now),
          Sinks.AUDIT);
    } catch (IOException | RuntimeException e) {
      LOG.warn("event=restore_expiry_failed restore={} error=\"{}\" (retried next tick)", entry.restoreId(), String.valueOf(e.getMessage()).replace('"', '\''));
    }
  }
}
