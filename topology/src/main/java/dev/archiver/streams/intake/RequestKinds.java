package dev.archiver.streams.intake;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.events.AdminRequested;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.AuditSubject;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.events.StorageTier;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.Messages;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.serde.EventTopics;
import dev.archiver.streams.validation.AdminRequestRules;
import dev.archiver.streams.validation.ArchiveRequestRules;
import dev.archiver.streams.validation.IntegrityRequestRules;
import dev.archiver.streams.validation.PathGuard;
import dev.archiver.streams.validation.RestoreRequestRules;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The four request topics, each with its rules and the failure event its producers wait on. */
public final class RequestKinds {

  public final RequestKind<ArchiveRequested> archive;
  public final RequestKind<IntegrityCheckRequested> integrity;
  public final RequestKind<RestoreRequested> restore;
  public final RequestKind<AdminRequested> admin;

  public RequestKinds(ArchiverConfig config, EventTopics topics, Set<StorageTier> tiers) {
    PathGuard sources =
        new PathGuard("source", ConfigKeys.SOURCE_ROOTS.name(), config.sourceRoots());
    PathGuard restoreTargets =
        new PathGuard("restore target", ConfigKeys.RESTORE_ROOTS.name(), config.restoreRoots());
    archive =
        new RequestKind<>(
            "archive-requests",
            topics.archiveRequests,
            ArchiveRequested.class,
            ArchiveRequested::getRunId,
            ArchiveRequested::getRequestId,
            ArchiveRequested::getRequestedBy,
            AuditSubject.RUN,
            new ArchiveRequestRules(sources, tiers, config.retentionClasses().keySet()),
            Optional.of(new FailureNotice.Route(Sinks.ARCHIVE_FAILED, archiveFailed())),
            Optional.of(topics.archiveRequestsRepartition));
    integrity =
        new RequestKind<>(
            "integrity-requests",
            topics.integrityRequests,
            IntegrityCheckRequested.class,
            IntegrityCheckRequested::getCheckId,
            IntegrityCheckRequested::getCheckId,
            IntegrityCheckRequested::getRequestedBy,
            AuditSubject.INTEGRITY_CHECK,
            new IntegrityRequestRules(),
            Optional.empty(),
            Optional.of(topics.integrityRequestsRepartition));
    restore =
        new RequestKind<>(
            "restore-requests",
            topics.restoreRequests,
            RestoreRequested.class,
            RestoreRequested::getRestoreId,
            RestoreRequested::getRestoreId,
            RestoreRequested::getRequestedBy,
            AuditSubject.RESTORE,
            new RestoreRequestRules(restoreTargets),
            Optional.of(new FailureNotice.Route(Sinks.RESTORE_FAILED, restoreFailed())),
            Optional.of(topics.restoreRequestsRepartition));
    admin =
        new RequestKind<>(
            "admin-requests",
            topics.adminRequests,
            AdminRequested.class,
            AdminRequested::getRequestId,
            AdminRequested::getRequestId,
            AdminRequested::getRequestedBy,
            AuditSubject.REQUEST,
            new AdminRequestRules(tiers),
            Optional.of(new FailureNotice.Route(Sinks.AUDIT, adminRejected())),
            Optional.empty());
  }

  private static FailureNotice archiveFailed() {
    return (id, requestId, rejection, now) ->
        ArchiveFailed.newBuilder()
            .setRunId(id)
            .setRequestId(requestId)
            .setRunFailed(false)
            .setReason(rejection.reason())
            .setMessage(Messages.cap(rejection.message()))
            .setAttempts(0)
            .setRetriable(false)
            .setFailedAt(Instant.ofEpochMilli(now))
            .build();
  }

  /**
   * Admin requests are answered in the audit trail, each entry naming the request: a refused one
   * too, so a producer waiting on it gets its answer instead of a timeout.
   */
  private static FailureNotice adminRejected() {
    return (id, requestId, rejection, now) ->
        AuditEvents.of(
            AuditSubject.REQUEST,
            id,
            "rejected",
            "archiver",
            Map.of(
                "requestId", id,
                "reason", rejection.reason().name(),
                "message", rejection.message()),
            now);
  }

  private static FailureNotice restoreFailed() {
    return (id, requestId, rejection, now) ->
        RestoreFailed.newBuilder()
            .setRestoreId(id)
            .setReason(rejection.reason())
            .setMessage(Messages.cap(rejection.message()))
            .setFailedAt(Instant.ofEpochMilli(now))
            .build();
  }
}
