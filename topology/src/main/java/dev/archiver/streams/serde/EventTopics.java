package dev.archiver.streams.serde;

import dev.archiver.events.AdminRequested;
import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.AuditEvent;
import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.IntegrityCheckCompleted;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.RestoreCompleted;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.events.RunProgress;
import dev.archiver.streams.topics.TopicNames;

/**
 * Every Avro event topic with its serdes; one set per application instance (serdes hold registry
 * caches).
 */
public final class EventTopics {

  public final EventTopic<ArchiveRequested> archiveRequests;
  public final EventTopic<IntegrityCheckRequested> integrityRequests;
  public final EventTopic<RestoreRequested> restoreRequests;
  public final EventTopic<AdminRequested> adminRequests;
  public final EventTopic<ArchiveCompleted> archiveCompleted;
  public final EventTopic<ArchiveFailed> archiveFailed;
  public final EventTopic<IntegrityCheckCompleted> integrityResults;
  public final EventTopic<RestoreCompleted> restoreCompleted;
  public final EventTopic<RestoreFailed> restoreFailed;
  public final EventTopic<RunProgress> runProgress;
  public final EventTopic<AuditEvent> audit;
  public final EventTopic<ArchiveRequested> archiveRequestsRepartition;
  public final EventTopic<IntegrityCheckRequested> integrityRequestsRepartition;
  public final EventTopic<RestoreRequested> restoreRequestsRepartition;
  public final EventTopic<ChunkTask> chunkTasks;
  public final EventTopic<ChunkResult> chunkResults;

  public EventTopics(EventSerdeFactory serdes) {
    archiveRequests =
        EventTopic.of(TopicNames.ARCHIVE_REQUESTS, serdes.valueSerde(ArchiveRequested.class));
    integrityRequests =
        EventTopic.of(
            TopicNames.INTEGRITY_REQUESTS, serdes.valueSerde(IntegrityCheckRequested.class));
    restoreRequests =
        EventTopic.of(TopicNames.RESTORE_REQUESTS, serdes.valueSerde(RestoreRequested.class));
    adminRequests =
        EventTopic.of(TopicNames.ADMIN_REQUESTS, serdes.valueSerde(AdminRequested.class));
    archiveCompleted =
        EventTopic.of(TopicNames.ARCHIVE_COMPLETED, serdes.valueSerde(ArchiveCompleted.class));
    archiveFailed =
        EventTopic.of(TopicNames.ARCHIVE_FAILED, serdes.valueSerde(ArchiveFailed.class));
    integrityResults =
        EventTopic.of(
            TopicNames.INTEGRITY_RESULTS, serdes.valueSerde(IntegrityCheckCompleted.class));
    restoreCompleted =
        EventTopic.of(TopicNames.RESTORE_COMPLETED, serdes.valueSerde(RestoreCompleted.class));
    restoreFailed =
        EventTopic.of(TopicNames.RESTORE_FAILED, serdes.valueSerde(RestoreFailed.class));
    runProgress = EventTopic.of(TopicNames.RUN_PROGRESS, serdes.valueSerde(RunProgress.class));
    audit = EventTopic.of(TopicNames.AUDIT, serdes.valueSerde(AuditEvent.class));
    archiveRequestsRepartition =
        EventTopic.of(
            TopicNames.ARCHIVE_REQUESTS_REPARTITION, serdes.valueSerde(ArchiveRequested.class));
    integrityRequestsRepartition =
        EventTopic.of(
            TopicNames.INTEGRITY_REQUESTS_REPARTITION,
            serdes.valueSerde(IntegrityCheckRequested.class));
    restoreRequestsRepartition =
        EventTopic.of(
            TopicNames.RESTORE_REQUESTS_REPARTITION, serdes.valueSerde(RestoreRequested.class));
    chunkTasks = EventTopic.of(TopicNames.CHUNK_TASKS, serdes.valueSerde(ChunkTask.class));
    chunkResults = EventTopic.of(TopicNames.CHUNK_RESULTS, serdes.valueSerde(ChunkResult.class));
  }
}
