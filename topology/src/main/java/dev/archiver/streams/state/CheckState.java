package dev.archiver.streams.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An integrity check in flight: the value of the integrity-checks store. Archives leave {@code pending} as their
 * last chunk result comes in; the check ends when none is left.
 *
 * @param pending archives still being checked, by archive id
 * @param orphans objects no manifest references (scope ALL only)
 * @param archivesTotal archives the check covers
 * @param archivesFailed archives found not intact so far
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
    long startedAt) {

  /** One archive under check. */
  public record ArchiveCheck(String runId, String tier, int chunksTotal, int chunksDone, List<Problem> problems) {
    public ArchiveCheck counted(Problem problem) {
      List<Problem> all = new ArrayList<>(problems);
      if (problem != null) {
        all.add(problem);
      }
      return new ArchiveCheck(runId, tier, chunksTotal, chunksDone + 1, all);
    }

    public boolean done() {
      return chunksDone >= chunksTotal;
    }
  }

  /** A chunk that did not match, as the result event reports it. */
  public record Problem(int chunkIndex, String key, String kind, String expected, String actual) {}

  public static CheckState start(String checkId, String scope, boolean deep, String requestedBy, long now) {
    return new CheckState(checkId, scope, deep, requestedBy, Map.of(), List.of(), 0, 0, now);
  }

  /** Puts (or, with null, removes) an archive's progress. */
  public CheckState with(String archiveId, ArchiveCheck check) {
    Map<String, ArchiveCheck> next = new LinkedHashMap<>(pending);
    if (check == null) {
      next.remove(archiveId);
    } else {
      next.put(archiveId, check);
    }
    return new CheckState(checkId, scope, deep, requestedBy, next, orphans, archivesTotal, archivesFailed, startedAt);
  }

  public CheckState withOrphans(List<String> found) {
    return new CheckState(checkId, scope, deep, requestedBy, pending, List.copyOf(found), archivesTotal, archivesFailed, startedAt);
  }

  public CheckState counting(int total, int failed) {
    return new CheckState(checkId, scope, deep, requestedBy, pending, orphans, total, failed, startedAt);
  }
}
