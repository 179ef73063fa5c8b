package dev.archiver.streams.state;

/**
 * A run (or dry run) to plan: the value of the pending-plans store, so a plan interrupted by a
 * crash is made again.
 *
 * @param generation the attempt of the run this plan is for; a plan of an older attempt is dropped
 * @param requestId the request a dry run answers (real runs answer from the run state)
 */
public record PlanJob(
    String runId,
    String archiveId,
    String sourceUri,
    String tier,
    int generation,
    boolean dryRun,
    String requestId,
    String requestedBy,
    long acceptedAt) {

  /**
   * Pending-store key: the run id for a run; a dry run has its own, so it never waits for or blocks
   * the run.
   */
  public String key(String dryRunTag) {
    return dryRun ? "dry/" + dryRunTag + "/" + runId : runId;
  }
}
