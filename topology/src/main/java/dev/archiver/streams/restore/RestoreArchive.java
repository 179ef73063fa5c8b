package dev.archiver.streams.restore;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.paths.OutsideRootsException;
import dev.archiver.connectors.restore.ArchiveRestorer;
import dev.archiver.connectors.restore.ConflictException;
import dev.archiver.connectors.restore.ConflictPolicy;
import dev.archiver.connectors.restore.RestoreJournal;
import dev.archiver.connectors.restore.RestoreListener;
import dev.archiver.connectors.restore.RestoreResult;
import dev.archiver.connectors.restore.UnsafeEntryException;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.CorruptArchiveException;
import dev.archiver.connectors.verify.ManifestCheck;
import dev.archiver.events.AuditSubject;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RestoreCompleted;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.events.RestoreTier;
import dev.archiver.events.StorageTier;
import dev.archiver.streams.catalog.ArchiveRefs;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.Messages;
import dev.archiver.streams.common.ReasonCodes;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.common.Thaws;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.BackgroundJobs;
import dev.archiver.streams.work.Finished;
import dev.archiver.streams.work.Retries;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Restores an archive to its target: every chunk's checksum is verified before anything reaches its
 * final name (contents are staged out of sight while the archive is read once), and no entry can
 * land outside the target. The restore runs on a run-pool thread, so a restore of any size never
 * holds a Kafka transaction open; the restore queue records it, with the expiry of the restored
 * copy.
 */
public final class RestoreArchive
    extends ContextualProcessor<String, RestoreRequested, String, Object> {

  public static final String NAME = "restore-requests-accept";
  private static final Logger LOG = LoggerFactory.getLogger(RestoreArchive.class);

  private final TierStores tiers;
  private final RestoreTargets targets;
  private final RestoreProgress progress;
  private final BackgroundJobs<RestoreRequested, RestoreResult> jobs;
  private final ExpireRestores expiry;
  private KeyValueStore<String, RestoreEntry> queue;
  private KeyValueStore<String, CatalogEntry> catalog;

  RestoreArchive(
      TierStores tiers,
      RestoreTargets targets,
      RestoreProgress progress,
      WorkPools pools,
      Retries retry) {
    this.tiers = tiers;
    this.targets = targets;
    this.progress = progress;
    // A failed attempt has rolled back what it wrote, so a retry of a storage failure starts from
    // the same target.
    this.jobs =
        new BackgroundJobs<RestoreRequested, RestoreResult>(
                StoreNames.RESTORES_PENDING, pools, WorkPools.Pool.RUNS, this::restorer)
            .retrying(retry.when(failure -> ReasonCodes.retriable(reasonOf(failure))));
    this.expiry = new ExpireRestores(targets, pools);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    this.queue = context.getStateStore(StoreNames.RESTORE_QUEUE);
    this.catalog = context.getStateStore(StoreNames.ARCHIVE_CATALOG);
    expiry.init(context);
    jobs.init(context, this::finish, this::thawing);
  }

  @Override
  public void process(Record<String, RestoreRequested> record) {
    RestoreRequested request = record.value();
    if (queue.get(request.getRestoreId())
        == null) { // else a repeated request for a restore already handled
      accept(request);
    }
    jobs.deliver();
  }

  @Override
  public void close() {
    jobs.close();
    expiry.close();
  }

  private void accept(RestoreRequested request) {
    long now = context().currentSystemTimeMs();
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", request.getRestoreId())) {
      Optional<CatalogEntry> archive =
          ArchiveRefs.find(catalog, request.getArchiveId(), request.getRunId());
      RestoreEntry entry = pending(request, archive, now);
      audit(
          entry,
          "accepted",
          Map.of(
              "target",
              request.getTarget(),
              "restoreTier",
              request.getRestoreTier().name(),
              "conflict",
              request.getConflict().name()));
      if (archive.isEmpty()) {
        fail(
            entry,
            ReasonCode.SOURCE_NOT_FOUND,
            "no archive " + describe(request) + " in the catalog");
        return;
      }
      if (request.getRestoreTier() == RestoreTier.EXPEDITED
          && StorageTier.S3_DEEP_ARCHIVE.name().equals(archive.get().tier())) {
        fail(
            entry,
            ReasonCode.INVALID_FIELD,
            "restoreTier EXPEDITED is not offered for S3_DEEP_ARCHIVE (S3's rule); ask for STANDARD"
                + " (about 12 hours) or BULK (up to 48 hours)");
        return;
      }
      queue.put(entry.restoreId(), entry.withStatus("RESTORING", null, now));
      jobs.start(request.getRestoreId(), request);
    }
  }

  /** On the stream thread: finds the archive; the returned work restores it on a pool thread. */
  private Callable<RestoreResult> restorer(String restoreId, RestoreRequested request) {
    CatalogEntry archive =
        ArchiveRefs.find(catalog, request.getArchiveId(), request.getRunId()).orElse(null);
    return () -> {
      if (archive == null) {
        throw new CatalogEntryGoneException(describe(request));
      }
      TierStore store = tiers.get(archive.tier());
      // Validation saw the disk as it was then: the target is resolved again, on real paths, and
      // restored by that.
      Path target = targets.prepare(request.getTarget());
      // The manifest must be the one recorded when the archive was made: one edited in the tier
      // could point the
      // restore at other chunks, whose own hashes it would then vouch for.
      ManifestCheck recorded =
          ArchiveVerifier.checkManifest(store, archive.archiveId(), archive.manifestSha256());
      if (!recorded.ok()) {
        throw new ManifestNotIntactException(recorded.describe());
      }
      Manifest manifest = recorded.manifest();
      java.util.Optional<dev.archiver.connectors.tier.ColdObjects> cold = store.thaws();
      if (cold.isPresent()) {
        Thaws.ensureReadable(
            cold.get(),
            manifest,
            dev.archiver.connectors.tier.RetrievalTier.valueOf(request.getRestoreTier().name()),
            thawDays(request.getTtlSeconds()),
            Instant.now());
      }
      progress.started(
          restoreId,
          manifest.totals().files() + manifest.totals().symlinks(),
          manifest.totals().streamBytes());
      // The journal records what this restore wrote as it goes: a restore run again after a crash
      // takes its own
      // earlier output for its own, and the expiry removes exactly that.
      try (RestoreJournal journal = targets.openJournal(restoreId, target)) {
        return ArchiveRestorer.restore(
            store,
            manifest,
            target,
            ConflictPolicy.valueOf(request.getConflict().name()),
            stagedProgress(restoreId),
            journal,
            targets.umask());
      } finally {
        progress.ended(restoreId);
      }
    };
  }

  /** How long a thawed copy stays readable: the restore's TTL in whole days, at least one. */
  static int thawDays(Long ttlSeconds) {
    if (ttlSeconds == null || ttlSeconds <= 0) {
      return 1;
    }
    return (int) Math.min(365, Math.max(1, (ttlSeconds + 86_399) / 86_400));
  }

  /** The archive's chunks are thawing: the restore shows it, and checks again later. */
  private void thawing(Finished<RestoreRequested, RestoreResult> waiting) {
    RestoreEntry entry = queue.get(waiting.job().getRestoreId());
    if (entry == null
        || !("RESTORING".equals(entry.status()) || "THAWING".equals(entry.status()))) {
      return;
    }
    long now = context().currentSystemTimeMs();
    String message = waiting.failure().getMessage();
    boolean first = !"THAWING".equals(entry.status());
    queue.put(entry.restoreId(), entry.withStatus("THAWING", message, now));
    if (first) {
      LOG.info("event=restore_thawing restore={} detail=\"{}\"", entry.restoreId(), message);
      audit(entry, "thawing", Map.of("detail", message, "restoreTier", entry.restoreTier()));
    }
  }

  /**
   * Reports what the reading pass has verified-as-it-goes and staged: that is where a restore
   * spends its time; putting the staged entries in place at the end is renames.
   */
  private RestoreListener stagedProgress(String restoreId) {
    return new RestoreListener() {
      @Override
      public void progress(long bytes, long files) {
        // in place: quick renames after the reading pass, already counted as staged
      }

      @Override
      public void staged(long bytes, long files) {
        progress.advanced(restoreId, bytes, files);
      }
    };
  }

  private void finish(Finished<RestoreRequested, RestoreResult> done) {
    RestoreRequested request = done.job();
    RestoreEntry entry = queue.get(request.getRestoreId());
    if (entry == null
        || !("RESTORING".equals(entry.status()) || "THAWING".equals(entry.status()))) {
      return;
    }
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", request.getRestoreId())) {
      if (done.failed()) {
        failWith(entry, done.failure(), done.attempts());
        return;
      }
      RestoreResult result = done.result();
      long now = context().currentSystemTimeMs();
      long expiresAt = expiry(request.getTtlSeconds(), now);
      RestoreEntry available =
          entry.available(
              result.files(),
              result.bytes(),
              result.skipped(),
              expiresAt,
              targets.journalOf(entry.restoreId()).toString(),
              now);
      queue.put(available.restoreId(), available);
      RestoreCompleted completed =
          RestoreCompleted.newBuilder()
              .setRestoreId(available.restoreId())
              .setArchiveId(available.archiveId())
              .setRunId(available.runId())
              .setTarget(request.getTarget())
              .setRestoreTier(request.getRestoreTier())
              .setRecords(result.files())
              .setBytes(result.bytes())
              .setSkipped(result.skipped())
              .setExpiresAt(expiresAt == 0 ? null : Instant.ofEpochMilli(expiresAt))
              .setCompletedAt(Instant.ofEpochMilli(now))
              .build();
      LOG.info(
          "event=restore_completed archive={} target={} files={} bytes={} skipped={}",
          available.archiveId(),
          request.getTarget(),
          result.files(),
          result.bytes(),
          result.skipped());
      context()
          .forward(new Record<>(available.restoreId(), completed, now), Sinks.RESTORE_COMPLETED);
      audit(
          available,
          "restored",
          Map.of(
              "archiveId",
              available.archiveId(),
              "target",
              request.getTarget(),
              "files",
              Long.toString(result.files())));
    }
  }

  /**
   * When the restored copy goes, or 0 to keep it. Without a TTL the tier decides: a filesystem
   * restore is somebody's working copy and is kept; the thawed copies of cold tiers (later) are
   * kept 24 hours, as S3 keeps them.
   */
  static long expiry(Long ttlSeconds, long now) {
    return ttlSeconds == null || ttlSeconds == 0
        ? 0
        : now + ttlSeconds * 1000; // at most 100 years (validated)
  }

  private void failWith(RestoreEntry entry, Throwable e, int attempts) {
    ReasonCode reason = reasonOf(e);
    String message =
        reason == ReasonCode.STORAGE_UNAVAILABLE
            ? e.getClass().getSimpleName() + ": " + e.getMessage()
            : e.getMessage();
    fail(entry, reason, attempts > 1 ? message + " (after " + attempts + " attempts)" : message);
  }

  /**
   * Why a restore failed, in the terms of the error model: only STORAGE_UNAVAILABLE is tried again.
   */
  static ReasonCode reasonOf(Throwable e) {
    if (e instanceof CorruptArchiveException || e instanceof ManifestNotIntactException) {
      return ReasonCode.CHECKSUM_MISMATCH;
    } else if (e instanceof UnsafeEntryException || e instanceof OutsideRootsException) {
      return ReasonCode.PATH_OUTSIDE_ROOTS;
    } else if (e instanceof ConflictException) {
      return ReasonCode.TARGET_EXISTS;
    } else if (e instanceof CatalogEntryGoneException) {
      return ReasonCode.SOURCE_NOT_FOUND;
    }
    return e instanceof IOException ? ReasonCode.STORAGE_UNAVAILABLE : ReasonCode.INTERNAL_ERROR;
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
        0,
        0,
        0,
        0,
        null,
        null,
        request.getRequestedAt().toEpochMilli(),
        now);
  }

  private void fail(RestoreEntry entry, ReasonCode reason, String message) {
    long now = context().currentSystemTimeMs();
    RestoreEntry failed = entry.withStatus("FAILED", reason + ": " + message, now);
    queue.put(failed.restoreId(), failed);
    LOG.warn(
        "event=restore_failed reason={} error=\"{}\"",
        reason,
        String.valueOf(message).replace('"', '\''));
    RestoreFailed event =
        RestoreFailed.newBuilder()
            .setRestoreId(entry.restoreId())
            .setArchiveId(entry.archiveId())
            .setRunId(entry.runId())
            .setReason(reason)
            .setMessage(Messages.cap(String.valueOf(message)))
            .setFailedAt(Instant.ofEpochMilli(now))
            .setRetriable(ReasonCodes.retriable(reason))
            .build();
    context().forward(new Record<>(entry.restoreId(), event, now), Sinks.RESTORE_FAILED);
    audit(failed, "failed", Map.of("reason", reason.name(), "message", String.valueOf(message)));
  }

  private void audit(RestoreEntry entry, String action, Map<String, String> details) {
    long now = context().currentSystemTimeMs();
    context()
        .forward(
            new Record<>(
                entry.restoreId(),
                AuditEvents.of(
                    AuditSubject.RESTORE,
                    entry.restoreId(),
                    action,
                    entry.requestedBy(),
                    details,
                    now),
                now),
            Sinks.AUDIT);
  }

  private static String describe(RestoreRequested request) {
    return request.getArchiveId() != null
        ? "'" + request.getArchiveId() + "'"
        : "for run '" + request.getRunId() + "'";
  }

  /** The archive left the catalog between the request and its (resumed) restore. */
  private static final class CatalogEntryGoneException extends IOException {
    CatalogEntryGoneException(String what) {
      super("no archive " + what + " in the catalog any more");
    }
  }

  /**
   * The archive's manifest is missing, unreadable or not the one the catalog recorded: nothing is
   * restored.
   */
  static final class ManifestNotIntactException extends IOException {
    private static final long serialVersionUID = 1L;

    ManifestNotIntactException(String problem) {
      super("the manifest is not the one recorded at archive time: " + problem);
    }
  }
}
