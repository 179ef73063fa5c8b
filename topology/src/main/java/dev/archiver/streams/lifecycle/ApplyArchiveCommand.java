package dev.archiver.streams.lifecycle;

import dev.archiver.events.AuditSubject;
import dev.archiver.events.StorageTier;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.BackgroundJobs;
import dev.archiver.streams.work.Finished;
import dev.archiver.streams.work.Retries;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of an existing archive's catalog entry. Commands for an archive arrive keyed by
 * its id, so they are applied in order by one task, against its own copy of the entry (the
 * archive-lifecycle store): the global catalog lags behind its own writes, and a read-modify-write
 * of it would let an integrity check's update undo a legal hold. A purge deletes the archive's
 * objects on a run-pool thread, manifest first, so an interrupted purge never leaves something that
 * looks like a whole archive.
 */
public final class ApplyArchiveCommand
    extends ContextualProcessor<String, ArchiveCommand, String, Object> {

  public static final String NAME = "archive-commands-apply";
  private static final Logger LOG = LoggerFactory.getLogger(ApplyArchiveCommand.class);

  private final TierStores tiers;
  private final ArchiverMetrics metrics;
  private final BackgroundJobs<CatalogEntry, Integer> purges;
  private final TierMoves moves;
  private KeyValueStore<String, CatalogEntry> owned;
  private KeyValueStore<String, CatalogEntry> catalog;

  public ApplyArchiveCommand(
      TierStores tiers, ArchiverMetrics metrics, WorkPools pools, Retries retries) {
    this.tiers = tiers;
    this.metrics = metrics;
    this.purges =
        new BackgroundJobs<CatalogEntry, Integer>(
                StoreNames.PURGES_PENDING,
                pools,
                WorkPools.Pool.RUNS,
                (key, entry) -> () -> deleteObjects(entry))
            .retrying(retries.when(failure -> failure instanceof IOException));
    this.moves = new TierMoves(tiers, pools, retries);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    this.owned = context.getStateStore(StoreNames.ARCHIVE_LIFECYCLE);
    this.catalog = context.getStateStore(StoreNames.ARCHIVE_CATALOG);
    purges.init(context, this::purged);
    moves.init(context, this::copied, this::thawingForMove, this::moved);
  }

  @Override
  public void close() {
    purges.close();
    moves.close();
  }

  @Override
  public void process(Record<String, ArchiveCommand> record) {
    ArchiveCommand command = record.value();
    if (command == null || command.archiveId() == null) {
      return;
    }
    switch (command.kind()) {
      case CREATED -> owned.put(command.archiveId(), command.entry());
      case VERIFIED -> update(command, current(command.archiveId()));
      case LEGAL_HOLD_ON, LEGAL_HOLD_OFF -> hold(command);
      case PURGE -> purge(command);
      case MOVE -> move(command);
    }
    purges.deliver();
    moves.deliver();
  }

  /** This task's copy, else the catalog's (archives made before this store existed). */
  private CatalogEntry current(String archiveId) {
    CatalogEntry mine = owned.get(archiveId);
    return mine != null ? mine : catalog.get(archiveId);
  }

  private void update(ArchiveCommand command, CatalogEntry entry) {
    if (entry == null || "PURGING".equals(entry.status())) {
      return; // checked while being purged, or gone: nothing to record
    }
    write(entry.verified(command.ok(), command.at()), command.at());
  }

  private void hold(ArchiveCommand command) {
    boolean on = command.kind() == ArchiveCommand.Kind.LEGAL_HOLD_ON;
    CatalogEntry entry = current(command.archiveId());
    long now = context().currentSystemTimeMs();
    if (entry == null || "PURGING".equals(entry.status())) {
      String why = entry == null ? "no such archive in the catalog" : "the archive is being purged";
      LOG.warn(
          "event=legal_hold_refused archive={} request={} reason=\"{}\"",
          command.archiveId(),
          command.requestId(),
          why);
      audit(
          command,
          on ? "legal-hold-on-refused" : "legal-hold-off-refused",
          Map.of("reason", why),
          now);
      return;
    }
    write(entry.withLegalHold(on), now);
    LOG.info(
        "event=legal_hold archive={} on={} by={} reason=\"{}\"",
        command.archiveId(),
        on,
        command.requestedBy(),
        command.reason());
    audit(
        command, on ? "legal-hold-on" : "legal-hold-off", Map.of("reason", command.reason()), now);
  }

  private void purge(ArchiveCommand command) {
    CatalogEntry entry = current(command.archiveId());
    long now = context().currentSystemTimeMs();
    if (entry == null || "PURGING".equals(entry.status())) {
      // Purged already, or being purged: a repeated command changes nothing.
      audit(command, "purge-skipped", Map.of("reason", "already purged or being purged"), now);
      return;
    }
    if (entry.legalHold()) {
      metrics.lifecycle("spared");
      audit(command, "purge-spared", Map.of("reason", "legal hold", "tier", entry.tier()), now);
      return;
    }
    if (!entry.purgeableAt(command.at())) {
      // Not expired (any more): the catalog that planned it was behind.
      audit(command, "purge-skipped", Map.of("reason", "not expired"), now);
      return;
    }
    Map<String, String> details = describe(entry);
    if (command.dryRun()) {
      audit(command, "purge-would-delete", details, now);
      return;
    }
    CatalogEntry purging = entry.withStatus("PURGING");
    write(purging, now);
    audit(command, "purge-started", details, now);
    purges.start(entry.archiveId(), purging);
  }

  private void move(ArchiveCommand command) {
    CatalogEntry entry = current(command.archiveId());
    long now = context().currentSystemTimeMs();
    String refusal = null;
    if (entry == null) {
      refusal = "no such archive in the catalog";
    } else if ("PURGING".equals(entry.status()) || "MOVING".equals(entry.status())) {
      refusal = "the archive is being " + ("PURGING".equals(entry.status()) ? "purged" : "moved");
    } else if (entry.tier().equals(command.toTier())) {
      refusal = "the archive is in " + command.toTier() + " already";
    } else if (!tiers.configured().contains(StorageTier.valueOf(command.toTier()))) {
      refusal = "tier " + command.toTier() + " is not configured on this archiver";
    }
    if (refusal != null) {
      audit(command, "move-skipped", Map.of("reason", refusal, "to", command.toTier()), now);
      return;
    }
    Map<String, String> details = Map.of("from", entry.tier(), "to", command.toTier());
    if (command.dryRun()) {
      audit(command, "move-would-move", details, now);
      return;
    }
    write(entry.withStatus("MOVING"), now);
    audit(command, "move-started", details, now);
    moves.start(
        new TierMoves.Move(entry, command.toTier(), command.requestId(), command.requestedBy()));
  }

  /** The copy is complete and checked: the catalog switches to it, and the old copy goes. */
  private void copied(Finished<TierMoves.Move, String> done) {
    TierMoves.Move move = done.job();
    CatalogEntry entry = move.entry();
    long now = context().currentSystemTimeMs();
    ArchiveCommand subject = answeringFor(move, now);
    if (done.failed()) {
      metrics.lifecycle("move_failed");
      write(entry.withStatus("OK"), now);
      String error = String.valueOf(done.failure().getMessage());
      LOG.warn(
          "event=move_failed archive={} to={} error=\"{}\"",
          entry.archiveId(),
          move.toTier(),
          error.replace('"', '\''));
      audit(subject, "move-failed", Map.of("to", move.toTier(), "error", error), now);
      return;
    }
    write(entry.movedTo(move.toTier(), done.result()), now);
    moves.dropOld(move);
  }

  /** The move as the audit trail answers it: for the request (and requester) that asked. */
  private static ArchiveCommand answeringFor(TierMoves.Move move, long now) {
    return ArchiveCommand.move(
        move.entry().archiveId(),
        move.toTier(),
        move.requestId(),
        move.requestedBy(),
        null,
        false,
        now);
  }

  private void thawingForMove(Finished<TierMoves.Move, String> waiting) {
    LOG.info(
        "event=move_waiting_for_thaw archive={} detail=\"{}\"",
        waiting.job().entry().archiveId(),
        waiting.failure().getMessage());
  }

  private void moved(Finished<TierMoves.Move, Integer> done) {
    TierMoves.Move move = done.job();
    CatalogEntry entry = move.entry();
    long now = context().currentSystemTimeMs();
    ArchiveCommand subject = answeringFor(move, now);
    if (done.failed()) {
      // The archive is whole in its new tier; only the old copy is left behind.
      LOG.warn(
          "event=old_copy_left archive={} tier={} error=\"{}\"",
          entry.archiveId(),
          entry.tier(),
          String.valueOf(done.failure().getMessage()).replace('"', '\''));
      audit(
          subject,
          "moved",
          Map.of("from", entry.tier(), "to", move.toTier(), "oldCopy", "left: delete failed"),
          now);
      return;
    }
    metrics.lifecycle("moved");
    LOG.info(
        "event=archive_moved archive={} from={} to={}",
        entry.archiveId(),
        entry.tier(),
        move.toTier());
    audit(
        subject,
        "moved",
        Map.of(
            "from",
            entry.tier(),
            "to",
            move.toTier(),
            "oldObjects",
            Integer.toString(done.result())),
        now);
  }

  /** Runs on a pool thread. Manifest first: without it nothing takes the rest for an archive. */
  private Integer deleteObjects(CatalogEntry entry) throws IOException {
    return moves.deleteCopy(entry.tier(), entry.archiveId());
  }

  private void purged(Finished<CatalogEntry, Integer> done) {
    CatalogEntry entry = done.job();
    long now = context().currentSystemTimeMs();
    ArchiveCommand subject =
        ArchiveCommand.byOperator(
            ArchiveCommand.Kind.PURGE, entry.archiveId(), null, "archiver", "expired", false, now);
    if (done.failed()) {
      metrics.lifecycle("purge_failed");
      write(entry.withStatus("PURGE_FAILED"), now);
      String error = String.valueOf(done.failure().getMessage());
      LOG.warn(
          "event=purge_failed archive={} error=\"{}\"",
          entry.archiveId(),
          error.replace('"', '\''));
      audit(subject, "purge-failed", Map.of("error", error), now);
      return;
    }
    owned.delete(entry.archiveId());
    context().forward(new Record<>(entry.archiveId(), null, now), Sinks.CATALOG);
    metrics.lifecycle("purged");
    Map<String, String> details = describe(entry);
    details.put("objects", Integer.toString(done.result()));
    LOG.info(
        "event=archive_purged archive={} tier={} objects={}",
        entry.archiveId(),
        entry.tier(),
        done.result());
    audit(subject, "purged", details, now);
  }

  private void write(CatalogEntry entry, long now) {
    owned.put(entry.archiveId(), entry);
    context().forward(new Record<>(entry.archiveId(), entry, now), Sinks.CATALOG);
  }

  private static Map<String, String> describe(CatalogEntry entry) {
    Map<String, String> details = new HashMap<>();
    details.put("tier", entry.tier());
    details.put("runId", entry.runId());
    details.put("bytes", Long.toString(entry.bytesOut()));
    details.put("retentionClass", String.valueOf(entry.retentionClass()));
    details.put(
        "expiresAt",
        entry.expiresAt() == null
            ? "never"
            : java.time.Instant.ofEpochMilli(entry.expiresAt()).toString());
    return details;
  }

  private void audit(ArchiveCommand command, String action, Map<String, String> details, long now) {
    Map<String, String> all = new HashMap<>(details);
    if (command.requestId() != null) {
      all.put("requestId", command.requestId());
    }
    context()
        .forward(
            new Record<>(
                command.archiveId(),
                AuditEvents.of(
                    AuditSubject.ARCHIVE,
                    command.archiveId(),
                    action,
                    command.requestedBy(),
                    all,
                    now),
                now),
            Sinks.AUDIT);
  }
}
