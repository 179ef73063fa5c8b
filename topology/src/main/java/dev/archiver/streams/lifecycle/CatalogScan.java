package dev.archiver.streams.lifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * A pass of a purge or a rotation over the catalog, done a page at a time so that no transaction of
 * the stream thread scans a catalog of any size whole: where it stands ({@code after}, the last
 * archive id looked at), what it found so far and who asked. Kept in a changelogged store with each
 * page's commands, so a crash resumes the pass where it stood and sends no command twice.
 *
 * @param kind PURGE or ROTATE
 * @param after the last archive id of the previous page; null before the first
 * @param found how many archives the pass sent a command for
 * @param listed the first {@link PlanAdminAction#LISTED} of them, for the summary
 * @param at the pass's time: what "expired" and "old enough" are measured against
 */
record CatalogScan(
    String kind,
    String requestId,
    String actor,
    boolean dryRun,
    long at,
    String after,
    int found,
    List<String> listed) {

  static final String PURGE = "PURGE";
  static final String ROTATE = "ROTATE";

  CatalogScan {
    listed = listed == null ? List.of() : List.copyOf(listed);
  }

  static CatalogScan start(String kind, String requestId, String actor, boolean dryRun, long at) {
    return new CatalogScan(kind, requestId, actor, dryRun, at, null, 0, List.of());
  }

  /** The pass after a page that ended at {@code last} and found {@code ids}. */
  CatalogScan next(String last, List<String> ids) {
    List<String> more = new ArrayList<>(listed);
    for (String id : ids) {
      if (more.size() < PlanAdminAction.LISTED) {
        more.add(id);
      }
    }
    return new CatalogScan(kind, requestId, actor, dryRun, at, last, found + ids.size(), more);
  }
}
