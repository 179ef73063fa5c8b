package dev.archiver.streams.state;

import dev.archiver.events.CheckDepth;
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
 * @param depth the shallowest check of a chunk of an archive reported so far ({@link CheckDepth}
 *     name), null before any
 * @param chunksChecked chunks of the archives reported so far
 * @param chunksByStoredChecksum of them, checked by the store's recorded SHA-256 only
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
    int orphansOmitted,
    String depth,
    int chunksChecked,
    int chunksByStoredChecksum) {

  /**
   * Problems and orphans listed in state and in one result event, at most: a check of a million
   * damaged chunks must still fit in one store value and one Kafka record. The rest are counted.
   */
  public static final int MAX_LISTED = 1000;

  /**
   * One archive under check.
   *
   * @param depth the shallowest check of its chunks so far ({@link CheckDepth} name), null before
   *     any chunk had a hash compared
   * @param chunksByStoredChecksum chunks checked by the store's recorded SHA-256 only, so far
   */
  public record ArchiveCheck(
      String runId,
      String tier,
      int chunksTotal,
      int chunksDone,
      List<Problem> problems,
      int problemsOmitted,
      String depth,
      int chunksByStoredChecksum) {
    public ArchiveCheck(
        String runId, String tier, int chunksTotal, int chunksDone, List<Problem> problems) {
      this(runId, tier, chunksTotal, chunksDone, problems, 0, null, 0);
    }

    /**
     * This archive with one more chunk verdict.
     *
     * @param problem what did not match, null when the chunk is intact
     * @param checkedAt how the chunk was checked, null when no hash was compared
     */
    public ArchiveCheck counted(Problem problem, CheckDepth checkedAt) {
      String shallowest = shallowest(depth, checkedAt == null ? null : checkedAt.name());
      int byChecksum = chunksByStoredChecksum + (checkedAt == CheckDepth.STORED_CHECKSUM ? 1 : 0);
      if (problem != null && problems.size() >= MAX_LISTED) {
        return new ArchiveCheck(
            runId,
            tier,
            chunksTotal,
            chunksDone + 1,
            problems,
            problemsOmitted + 1,
            shallowest,
            byChecksum);
      }
      List<Problem> all = new ArrayList<>(problems);
      if (problem != null) {
        all.add(problem);
      }
      return new ArchiveCheck(
          runId, tier, chunksTotal, chunksDone + 1, all, problemsOmitted, shallowest, byChecksum);
    }

    public boolean done() {
      return chunksDone >= chunksTotal;
    }
  }

  /**
   * The shallower of two {@link CheckDepth} names; null is no check, so the other wins. A name this
   * version does not know counts as the shallowest.
   */
  public static String shallowest(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return rank(a) <= rank(b) ? a : b;
  }

  private static int rank(String depth) {
    return DEPTHS.indexOf(depth); // -1 for a name this version does not know
  }

  /** {@link CheckDepth}'s names, shallowest first. */
  private static final List<String> DEPTHS =
      List.of(
          CheckDepth.STORED_CHECKSUM.name(),
          CheckDepth.STORED_BYTES.name(),
          CheckDepth.CONTENT.name());

  /** A chunk that did not match, as the result event reports it. */
  public record Problem(int chunkIndex, String key, String kind, String expected, String actual) {}

  public static CheckState start(
      String checkId, String scope, boolean deep, String requestedBy, long now) {
    return new CheckState(
        checkId, scope, deep, requestedBy, Map.of(), List.of(), 0, 0, now, 0, null, 0, 0);
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
        orphansOmitted,
        depth,
        chunksChecked,
        chunksByStoredChecksum);
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
        found.size() - listed.size(),
        depth,
        chunksChecked,
        chunksByStoredChecksum);
  }

  /** Adds an archive's chunks, reported, to the check's totals. */
  public CheckState reported(ArchiveCheck archive) {
    return new CheckState(
        checkId,
        scope,
        deep,
        requestedBy,
        pending,
        orphans,
        archivesTotal,
        archivesFailed,
        startedAt,
        orphansOmitted,
        shallowest(depth, archive.depth()),
        chunksChecked + archive.chunksDone(),
        chunksByStoredChecksum + archive.chunksByStoredChecksum());
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
        orphansOmitted,
        depth,
        chunksChecked,
        chunksByStoredChecksum);
  }
}
