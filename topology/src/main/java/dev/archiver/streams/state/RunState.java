package dev.archiver.streams.state;

import dev.archiver.events.RunStage;

/**
 * What the archiver knows of one run: the value of the run-state store. Stored as JSON so the store can evolve
 * by adding fields, and read by the REST API and `archiver status`.
 */
public record RunState(
    String runId,
    String archiveId,
    RunStage stage,
    String sourceUri,
    String tier,
    boolean dryRun,
    String requestedBy,
    String planKey,
    int chunksPlanned,
    int chunksDone,
    long bytesPlanned,
    long bytesDone,
    long bytesStored,
    int attempts,
    String reason,
    String lastError,
    String manifestLocation,
    long acceptedAt,
    long updatedAt,
    int generation) {

  public static RunState accepted(
      String runId, String archiveId, String sourceUri, String tier, boolean dryRun, String requestedBy, long now) {
    return new RunState(
        runId, archiveId, RunStage.ACCEPTED, sourceUri, tier, dryRun, requestedBy, null, 0, 0, 0, 0, 0, 0, null, null, null, now, now, 0);
  }

  /** A failed run requested again: a new attempt (generation) from scratch. */
  public RunState retried(String newSourceUri, String newTier, boolean newDryRun, String newRequestedBy, long now) {
    return new RunState(
        runId, archiveId, RunStage.ACCEPTED, newSourceUri, newTier, newDryRun, newRequestedBy, null, 0, 0, 0, 0, 0, 0, null, null, null,
        now, now, generation + 1);
  }

  public boolean isFinal() {
    return stage == RunStage.COMPLETED || stage == RunStage.FAILED;
  }

  public RunState planned(String newPlanKey, int chunks, long bytes, long now) {
    return new RunState(
        runId, archiveId, RunStage.ARCHIVING, sourceUri, tier, dryRun, requestedBy, newPlanKey, chunks, 0, bytes, 0, 0,
        attempts, reason, lastError, manifestLocation, acceptedAt, now, generation);
  }

  public RunState chunkDone(long bytesIn, long bytesOut, int attempt, long now) {
    return new RunState(
        runId, archiveId, stage, sourceUri, tier, dryRun, requestedBy, planKey, chunksPlanned, chunksDone + 1, bytesPlanned,
        bytesDone + bytesIn, bytesStored + bytesOut, Math.max(attempts, attempt), reason, lastError, manifestLocation, acceptedAt, now, generation);
  }

  public RunState completed(String location, long now) {
    return new RunState(
        runId, archiveId, RunStage.COMPLETED, sourceUri, tier, dryRun, requestedBy, planKey, chunksPlanned, chunksDone,
        bytesPlanned, bytesDone, bytesStored, attempts, null, null, location, acceptedAt, now, generation);
  }

  public RunState failed(String reasonCode, String message, int attempt, long now) {
    return new RunState(
        runId, archiveId, RunStage.FAILED, sourceUri, tier, dryRun, requestedBy, planKey, chunksPlanned, chunksDone,
        bytesPlanned, bytesDone, bytesStored, Math.max(attempts, attempt), reasonCode, message, manifestLocation, acceptedAt, now, generation);
  }

  /** A run found already archived in its tier (a replay after the state was lost): its manifest is the truth. */
  public RunState alreadyArchived(String knownPlanKey, int chunks, long bytes, long stored, String location, long now) {
    return new RunState(
        runId, archiveId, RunStage.COMPLETED, sourceUri, tier, dryRun, requestedBy, knownPlanKey, chunks, chunks, bytes, bytes,
        stored, attempts, null, null, location, acceptedAt, now, generation);
  }
}
