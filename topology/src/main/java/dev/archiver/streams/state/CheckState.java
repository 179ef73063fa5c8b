package dev.archiver.streams.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An integrity check in flight: the value of the integrity-checks store. Archives leave {@code
 * pending} as their last chunk result comes in; the check ends when none is left.
 *
 * @param pending archives still being checked, by archive id
 * @param orphans objects no manifest references (scope ALL only)
 * @param archivesTotal archives the check covers
 * @param archivesFailed archives found not intact so far
 * @param orphansOmitted orphans found beyond the first {@link #MAX_LISTED}, counted but not listed
 */
public record CheckState(
    String checkId,
    String scope,
    boolean deep,
    String requestedBy,
    Map<String, ArchiveCheck> pending,
    List<String> orphans,
    int archivesTotal,
    int archivesFailed,
    long startedAt,
    int orphansOmitted) {

  /**
   * Problems and orphans listed in state and in one result event, at most: a check of a million
   * damaged chunks must still fit in one store value and one Kafka record. The rest are counted.
   */
  public static final int MAX_LISTED = 1000;

  /** One archive under check. */
  public record ArchiveCheck(
      String runId,
      String tier,
      int chunksTotal,
      int chunksDone,
      List<Problem> problems,
      int problemsOmitted) {
    public ArchiveCheck(
        String runId, String tier, int chunksTotal, int chunksDone, List<Problem> problems) {
      this(runId, tier, chunksTotal, chunksDone, problems, 0);
    }

    public ArchiveCheck counted(Problem problem) {
      if (problem != null && problems.size() >= MAX_LISTED) {
        return new ArchiveCheck(
            runId, tier, chunksTotal, chunksDone + 1, problems, problemsOmitted + 1);
      }
      List<Problem> all = new ArrayList<>(problems);
      if (problem != null) {
        all.add(problem);
      }
      return new ArchiveCheck(runId, tier, chunksTotal, chunksDone + 1, all, problemsOmitted);
    }

    public boolean done() {
      return chunksDone >= chunksTotal;
    }
  }

  /** A chunk that did not match, as the result event reports it. */
  public record Problem(int chunkIndex, String key, String kind, String expected, String actual) {}

  public static CheckState start(
      String checkId, String scope, boolean deep, String requestedBy, long now) {
    return new CheckState(checkId, scope, deep, requestedBy, Map.of(), List.of(), 0, 0, now, 0);
  }

  /** Puts (or, with null, removes) an archive's progress. */
  public CheckState with(String archiveId, ArchiveCheck check) {
    Map<String, ArchiveCheck> next = new LinkedHashMap<>(pending);
    if (check == null) {
      next.remove(archiveId);
    } else {
      next.put(archiveId, check);
    }
    return new CheckState(
        checkId,
        scope,
        deep,
        requestedBy,
        next,
        orphans,
        archivesTotal,
        archivesFailed,
        startedAt,
        orphansOmitted);
  }

  public CheckState withOrphans(List<String> found) {
    List<String> listed = found.size() > MAX_LISTED ? found.subList(0, MAX_LISTED) : found;
    return new CheckState(
        checkId,
        scope,
        deep,
        requestedBy,
        pending,
        List.copyOf(listed),
        archivesTotal,
        archivesFailed,
        startedAt,
        found.size() - listed.size());
  }

  public CheckState counting(int total, int failed) {
    return new CheckState(
        checkId,
        scope,
        deep,
        requestedBy,
        pending,
        orphans,
        total,
        failed,
        startedAt,
        orphansOmitted);
  }
}
