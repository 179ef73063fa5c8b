package dev.archiver.streams.lifecycle;

import dev.archiver.config.TierNames;
import dev.archiver.config.TierPolicy;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.events.AdminAction;
import dev.archiver.events.AdminRequested;
import dev.archiver.events.AuditSubject;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns accepted admin requests about archives into commands for the task that owns each archive: a
 * legal hold goes to its archive; PURGE_EXPIRED (asked for, or on the retention.purge-interval
 * schedule) finds the expired archives in the catalog and sends each a purge. Whether an archive is
 * held is decided by its owner, never here: the global catalog may lag behind a hold.
 */
public final class PlanAdminAction
    extends ContextualProcessor<String, AdminRequested, String, Object> {

  public static final String NAME = "admin-requests-plan";
  private static final Logger LOG = LoggerFactory.getLogger(PlanAdminAction.class);

  /** Ids named in one audit entry at most; the count is always exact. */
  static final int LISTED = 100;

  /** Catalog entries a purge or rotation looks at per transaction. */
  public static final int PAGE = 1000;

  /** How often the next pages of open scans are looked at. */
  public static final Duration SCAN_EVERY = Duration.ofMillis(100);

  private final Duration purgeInterval;
  private final TierPolicy policy;
  private final Duration rotationInterval;
  private KeyValueStore<String, CatalogEntry> catalog;
  private KeyValueStore<String, CatalogScan> scans;

  public PlanAdminAction(Duration purgeInterval, TierPolicy policy, Duration rotationInterval) {
    this.purgeInterval = purgeInterval;
    this.policy = policy;
    this.rotationInterval = rotationInterval;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    this.catalog = context.getStateStore(StoreNames.ARCHIVE_CATALOG);
    this.scans = context.getStateStore(StoreNames.CATALOG_SCANS);
    context.schedule(SCAN_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> scanPages());
    // One task of the admin topic runs the schedule, so one purge pass runs per interval.
    if (!purgeInterval.isZero() && context.taskId().partition() == 0) {
      context.schedule(
          purgeInterval,
          PunctuationType.WALL_CLOCK_TIME,
          now -> purgeExpired("schedule", "retention.purge-interval", false, now));
    }
    if (!policy.isEmpty() && !rotationInterval.isZero() && context.taskId().partition() == 0) {
      context.schedule(
          rotationInterval,
          PunctuationType.WALL_CLOCK_TIME,
          now -> rotate("schedule", "tier.rotation-interval", false, now));
    }
  }

  @Override
  public void process(Record<String, AdminRequested> record) {
    AdminRequested request = record.value();
    long now = context().currentSystemTimeMs();
    AdminAction action = request.getAction();
    switch (action) {
      case LEGAL_HOLD_ON, LEGAL_HOLD_OFF -> hold(request, action, now);
      case PURGE_EXPIRED ->
          purgeExpired(
              request.getRequestedBy(),
              request.getRequestId(),
              "true".equalsIgnoreCase(request.getParameters().get("dryRun")),
              now);
      case ROTATE_TIERS -> rotateTiers(request, now);
      default -> {
        // Audited as accepted (AuditAccepted); nothing acts on the others yet.
      }
    }
  }

  private void hold(AdminRequested request, AdminAction action, long now) {
    String archiveId =
        request.getArchiveId() != null
            ? request.getArchiveId()
            : ArchiveKeys.archiveId(request.getRunId());
    ArchiveCommand.Kind kind =
        action == AdminAction.LEGAL_HOLD_ON
            ? ArchiveCommand.Kind.LEGAL_HOLD_ON
            : ArchiveCommand.Kind.LEGAL_HOLD_OFF;
    command(
        ArchiveCommand.byOperator(
            kind,
            archiveId,
            request.getRequestId(),
            request.getRequestedBy(),
            request.getParameters().getOrDefault("reason", ""),
            false,
            now),
        now);
  }

  private void rotateTiers(AdminRequested request, long now) {
    boolean dryRun = "true".equalsIgnoreCase(request.getParameters().get("dryRun"));
    String named = request.getParameters().get("tier");
    if (named == null) {
      rotate(request.getRequestedBy(), request.getRequestId(), dryRun, now);
      return;
    }
    // One archive to a named tier, now (validation checked both are given and the tier is known).
    String archiveId =
        request.getArchiveId() != null
            ? request.getArchiveId()
            : ArchiveKeys.archiveId(request.getRunId());
    command(
        ArchiveCommand.move(
            archiveId,
            TierNames.parse(named).orElseThrow().name(),
            request.getRequestId(),
            request.getRequestedBy(),
            request.getParameters().getOrDefault("reason", ""),
            dryRun,
            now),
        now);
  }

  private void rotate(String actor, String requestId, boolean dryRun, long now) {
    startScan(CatalogScan.start(CatalogScan.ROTATE, requestId, actor, dryRun, now));
  }

  private void purgeExpired(String actor, String requestId, boolean dryRun, long now) {
    startScan(CatalogScan.start(CatalogScan.PURGE, requestId, actor, dryRun, now));
  }

  /** The first page now; the rest on {@link #SCAN_EVERY}, each in a transaction of its own. */
  private void startScan(CatalogScan scan) {
    if (scans.get(scan.requestId()) != null) {
      // The same request again (a replay), or the schedule while its last pass goes on: that pass
      // covers it.
      LOG.info("event=catalog_scan_already_running request={}", scan.requestId());
      return;
    }
    scans.put(scan.requestId(), scan);
    scanPage(scan);
  }

  private void scanPages() {
    List<CatalogScan> open = new ArrayList<>();
    try (KeyValueIterator<String, CatalogScan> all = scans.all()) {
      all.forEachRemaining(kv -> open.add(kv.value));
    }
    open.forEach(this::scanPage);
  }

  /**
   * Looks at up to {@link #PAGE} catalog entries after where the scan stood, sends a command for
   * each that the scan's kind picks, and either records where it stands or, at the catalog's end,
   * sends the summary and forgets the scan.
   */
  private void scanPage(CatalogScan scan) {
    List<String> picked = new ArrayList<>();
    String last = scan.after();
    int looked = 0;
    try (KeyValueIterator<String, CatalogEntry> page = catalog.range(scan.after(), null)) {
      while (page.hasNext() && looked < PAGE) {
        KeyValue<String, CatalogEntry> kv = page.next();
        if (kv.key.equals(scan.after())) {
          continue; // range() starts at the key it was given
        }
        looked++;
        last = kv.key;
        pick(scan, kv.key, kv.value)
            .ifPresent(
                command -> {
                  picked.add(kv.key);
                  command(command, scan.at());
                });
      }
    }
    CatalogScan next = scan.next(last, picked);
    if (looked == PAGE) {
      scans.put(scan.requestId(), next);
      return;
    }
    scans.delete(scan.requestId());
    boolean purge = CatalogScan.PURGE.equals(scan.kind());
    LOG.info(
        "event={} request={} by={} dry_run={} {}={}",
        purge ? "purge_planned" : "rotation_planned",
        scan.requestId(),
        scan.actor(),
        scan.dryRun(),
        purge ? "expired" : "moves",
        next.found());
    summary(
        next,
        purge
            ? (scan.dryRun() ? "purge-dry-run" : "purge-planned")
            : (scan.dryRun() ? "rotation-dry-run" : "rotation-planned"),
        purge ? "expired" : "moves");
  }

  /** The command the scan sends for one archive, if any: whether it is held is for its owner. */
  private Optional<ArchiveCommand> pick(CatalogScan scan, String archiveId, CatalogEntry entry) {
    if (entry == null) {
      return Optional.empty();
    }
    if (CatalogScan.PURGE.equals(scan.kind())) {
      Long expiresAt = entry.expiresAt();
      return expiresAt != null && expiresAt <= scan.at()
          ? Optional.of(
              ArchiveCommand.byOperator(
                  ArchiveCommand.Kind.PURGE,
                  archiveId,
                  scan.requestId(),
                  scan.actor(),
                  "expired",
                  scan.dryRun(),
                  scan.at()))
          : Optional.empty();
    }
    if (!"OK".equals(entry.status())) {
      return Optional.empty();
    }
    return policy
        .moveFor(entry.tier(), entry.createdAt(), scan.at())
        .map(
            to ->
                ArchiveCommand.move(
                    archiveId,
                    to.name(),
                    scan.requestId(),
                    scan.actor(),
                    "tier.policy",
                    scan.dryRun(),
                    scan.at()));
  }

  private void summary(CatalogScan scan, String action, String counted) {
    long now = context().currentSystemTimeMs();
    context()
        .forward(
            new Record<>(
                scan.requestId(),
                AuditEvents.of(
                    AuditSubject.REQUEST,
                    scan.requestId(),
                    action,
                    scan.actor(),
                    Map.of(
                        "requestId",
                        scan.requestId(),
                        counted,
                        Integer.toString(scan.found()),
                        "archives",
                        String.join(",", scan.listed())),
                    now),
                now),
            Sinks.AUDIT);
  }

  private void command(ArchiveCommand command, long now) {
    context().forward(new Record<>(command.archiveId(), command, now), Sinks.ARCHIVE_COMMANDS);
  }
}
