package dev.archiver.streams.processors;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.restore.ArchiveRestorer;
import dev.archiver.connectors.restore.ConflictException;
import dev.archiver.connectors.restore.ConflictPolicy;
import dev.archiver.connectors.restore.RestoreResult;
import dev.archiver.connectors.restore.UnsafeEntryException;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.CorruptArchiveException;
import dev.archiver.events.AuditSubject;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RestoreCompleted;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.streams.RestoreProgress;
import dev.archiver.streams.TierStores;
import dev.archiver.streams.serde.JsonSerde;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.validation.PathGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Restores an archive to its target: every chunk's checksum is verified before the first byte is written, files go
 * through a temporary name, and no entry can land outside the target. The restore queue records it, with the
 * expiry of the restored copy.
 */
public final class RestoreArchive implements Processor<Object, Object, Object, Object> {

  public static final String NAME = "restore-requests-accept";
  private static final Logger LOG = LoggerFactory.getLogger(RestoreArchive.class);

  private final TierStores tiers;
  private final Path recordsDir;
  private final RestoreProgress progress;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, RestoreEntry> queue;
  private KeyValueStore<String, CatalogEntry> catalog;

  /** @param recordsDir where the list of paths each restore wrote is kept, for its expiry */
  public RestoreArchive(TierStores tiers, Path recordsDir, RestoreProgress progress) {
    this.tiers = tiers;
    this.recordsDir = recordsDir;
    this.progress = progress;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.queue = context.getStateStore(StoreNames.RESTORE_QUEUE);
    this.catalog = context.getStateStore(StoreNames.ARCHIVE_CATALOG);
    ExpireRestores.schedule(context);
  }

  @Override
  public void process(Record<Object, Object> record) {
    RestoreRequested request = (RestoreRequested) record.value();
    long now = context.currentSystemTimeMs();
    if (queue.get(request.getRestoreId()) != null) {
      return; // a repeated request for a restore already handled
    }
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", request.getRestoreId())) {
      Optional<CatalogEntry> archive = ArchiveRefs.find(catalog, request.getArchiveId(), request.getRunId());
      RestoreEntry entry = pending(request, archive, now);
      audit(entry, "accepted", Map.of("target", request.getTarget(), "restoreTier", request.getRestoreTier().name(), "conflict", request.getConflict().name()));
      if (archive.isEmpty()) {
        fail(entry, ReasonCode.SOURCE_NOT_FOUND, "no archive " + describe(request) + " in the catalog");
        return;
      }
      queue.put(entry.restoreId(), entry.withStatus("RESTORING", null, now));
      restore(request, archive.get(), entry);
    }
  }

  private void restore(RestoreRequested request, CatalogEntry archive, RestoreEntry entry) {
    TierStore store = tiers.get(archive.tier());
    Path target = Path.of(PathGuard.filePath(request.getTarget()).orElseThrow());
    try {
      Files.createDirectories(target);
      Manifest manifest = Manifests.read(store, archive.archiveId());
      progress.started(entry.restoreId(), manifest.totals().files() + manifest.totals().symlinks(), manifest.totals().streamBytes());
      RestoreResult result;
      try {
        result =
            ArchiveRestorer.restore(
                store, manifest, target, ConflictPolicy.valueOf(request.getConflict().name()),
                (bytes, files) -> progress.advanced(entry.restoreId(), bytes, files));
      } finally {
        progress.ended(entry.restoreId());
      }
      Path record = recordsDir.resolve(entry.restoreId() + ".json");
      Files.createDirectories(recordsDir);
      Files.write(record, JsonSerde.mapper().writeValueAsBytes(result.written().stream().map(Path::toString).toList()));
      long now = context.currentSystemTimeMs();
      long expiresAt = request.getTtlSeconds() > 0 ? now + request.getTtlSeconds() * 1000 : 0;
      RestoreEntry done = entry.available(result.files(), result.bytes(), result.skipped(), expiresAt, record.toString(), now);
      queue.put(done.restoreId(), done);
      RestoreCompleted completed =
          RestoreCompleted.newBuilder()
              .setRestoreId(done.restoreId())
              .setArchiveId(archive.archiveId())
              .setRunId(archive.runId())
              .setTarget(request.getTarget())
              .setRestoreTier(request.getRestoreTier())
              .setRecords(result.files())
              .setBytes(result.bytes())
              .setSkipped(result.skipped())
              .setExpiresAt(expiresAt == 0 ? null : Instant.ofEpochMilli(expiresAt))
              .setCompletedAt(Instant.ofEpochMilli(now))
              .build();
      LOG.info("event=restore_completed archive={} target={} files={} bytes={} skipped={}", archive.archiveId(), target, result.files(), result.bytes(), result.skipped());
      context.forward(new Record<Object, Object>(done.restoreId(), completed, now), Sinks.RESTORE_COMPLETED);
      audit(done, "restored", Map.of("archiveId", archive.archiveId(), "target", request.getTarget(), "files", Long.toString(result.files())));
    } catch (CorruptArchiveException e) {
      fail(entry, ReasonCode.CHECKSUM_MISMATCH, e.getMessage());
    } catch (UnsafeEntryException e) {
      fail(entry, ReasonCode.PATH_OUTSIDE_ROOTS, e.getMessage());
    } catch (ConflictException e) {
      fail(entry, ReasonCode.TARGET_EXISTS, e.getMessage());
    } catch (IOException | RuntimeException e) {
      fail(entry, ReasonCode.STORAGE_UNAVAILABLE, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private RestoreEntry pending(RestoreRequested request, Optional<CatalogEntry> archive, long now) {
    return new RestoreEntry(
        request.getRestoreId(),
        archive.map(CatalogEntry::archiveId).orElse(request.getArchiveId()),
        archive.map(CatalogEntry::runId).orElse(request.getRunId()),
        request.getTarget(),
        request.getRestoreTier().name(),
        request.getConflict().name(),
        "PENDING",
        request.getRequestedBy(),
        0, 0, 0, 0, null, null,
        request.getRequestedAt().toEpochMilli(),
        now);
  }

  private void fail(RestoreEntry entry, ReasonCode reason, String message) {
    long now = context.currentSystemTimeMs();
    RestoreEntry failed = entry.withStatus("FAILED", reason + ": " + message, now);
    queue.put(failed.restoreId(), failed);
    LOG.warn("event=restore_failed reason={} error=\"{}\"", reason, String.valueOf(message).replace('"', '\''));
    RestoreFailed event =
        RestoreFailed.newBuilder()
            .setRestoreId(entry.restoreId())
            .setArchiveId(entry.archiveId())
            .setRunId(entry.runId())
            .setReason(reason)
            .setMessage(String.valueOf(message))
            .setFailedAt(Instant.ofEpochMilli(now))
            .build();
    context.forward(new Record<Object, Object>(entry.restoreId(), event, now), Sinks.RESTORE_FAILED);
    audit(failed, "failed", Map.of("reason", reason.name(), "message", String.valueOf(message)));
  }

  private void audit(RestoreEntry entry, String action, Map<String, String> details) {
    long now = context.currentSystemTimeMs();
    context.forward(
        new Record<Object, Object>(entry.restoreId(), AuditEvents.of(AuditSubject.RESTORE, entry.restoreId(), action, entry.requestedBy(), details, now), now),
        Sinks.AUDIT);
  }

  private static String describe(RestoreRequested request) {
    return request.getArchiveId() != null ? "'" + request.getArchiveId() + "'" : "for run '" + request.getRunId() + "'";
  }

  static List<Path> written(Path record) throws IOException {
    return List.of(JsonSerde.mapper().readValue(record.toFile(), String[].class)).stream().map(Path::of).toList();
  }
}
