package dev.archiver.streams.state;

import dev.archiver.events.RunStage;

/**
 * What the archiver knows of one run: the value of the run-state store. Stored as JSON so the store can evolve
 * by adding fields, and read by the REST API and `archiver status`.
 */
public record RunState(
    String runId,
    RunStage stage,
    String sourceUri,
    String tier,
    boolean dryRun,
    String requestedBy,
    int chunksPlanned,
    int chunksDone,
    long bytesPlanned,
    long bytesDone,
    int attempts,
    String lastError,
    long acceptedAt,
    long updatedAt) {

  public static RunState accepted(String runId, String sourceUri, String tier, boolean dryRun, String requestedBy, long now) {
    return new RunState(runId, RunStage.ACCEPTED, sourceUri, tier, dryRun, requestedBy, 0, 0, 0, 0, 0, null, now, now);
  }
}
