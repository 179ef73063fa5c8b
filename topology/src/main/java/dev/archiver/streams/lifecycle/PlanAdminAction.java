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

  private final Duration purgeInterval;
  private final TierPolicy policy;
  private final Duration rotationInterval;
  private KeyValueStore<String, CatalogEntry> catalog;

  public PlanAdminAction(Duration purgeInterval, TierPolicy policy, Duration rotationInterval) {
    this.purgeInterval = purgeInterval;
    this.policy = policy;
    this.rotationInterval = rotationInterval;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    this.catalog = context.getStateStore(StoreNames.ARCHIVE_CATALOG);
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

  /** Every archive the tier policy says should have moved by now is sent a move. */
  private void rotate(String actor, String requestId, boolean dryRun, long now) {
    List<String> moving = new ArrayList<>();
    try (KeyValueIterator<String, CatalogEntry> all = catalog.all()) {
      all.forEachRemaining(
          kv -> {
            if (kv.value == null || !"OK".equals(kv.value.status())) {
              return;
            }
            policy
                .moveFor(kv.value.tier(), kv.value.createdAt(), now)
                .ifPresent(
                    to -> {
                      moving.add(kv.key);
                      command(
                          ArchiveCommand.move(
                              kv.key, to.name(), requestId, actor, "tier.policy", dryRun, now),
                          now);
                    });
          });
    }
    LOG.info(
        "event=rotation_planned request={} by={} dry_run={} moves={}",
        requestId,
        actor,
        dryRun,
        moving.size());
    summary(
        requestId, actor, dryRun ? "rotation-dry-run" : "rotation-planned", "moves", moving, now);
  }

  private void summary(
      String requestId, String actor, String action, String counted, List<String> ids, long now) {
    context()
        .forward(
            new Record<>(
                requestId,
                AuditEvents.of(
                    AuditSubject.REQUEST,
                    requestId,
                    action,
                    actor,
                    Map.of(
                        "requestId",
                        requestId,
                        counted,
                        Integer.toString(ids.size()),
                        "archives",
                        String.join(",", ids.subList(0, Math.min(LISTED, ids.size())))),
                    now),
                now),
            Sinks.AUDIT);
  }

  private void purgeExpired(String actor, String requestId, boolean dryRun, long now) {
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, CatalogEntry> all = catalog.all()) {
      all.forEachRemaining(
          kv -> {
            Long expiresAt = kv.value == null ? null : kv.value.expiresAt();
            if (expiresAt != null && expiresAt <= now) {
              expired.add(kv.key);
            }
          });
    }
    for (String archiveId : expired) {
      command(
          ArchiveCommand.byOperator(
              ArchiveCommand.Kind.PURGE, archiveId, requestId, actor, "expired", dryRun, now),
          now);
    }
    LOG.info(
        "event=purge_planned request={} by={} dry_run={} expired={}",
        requestId,
        actor,
        dryRun,
        expired.size());
    summary(requestId, actor, dryRun ? "purge-dry-run" : "purge-planned", "expired", expired, now);
  }

  private void command(ArchiveCommand command, long now) {
    context().forward(new Record<>(command.archiveId(), command, now), Sinks.ARCHIVE_COMMANDS);
  }
}
