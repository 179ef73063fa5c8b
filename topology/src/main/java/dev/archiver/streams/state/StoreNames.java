package dev.archiver.streams.state;

/** Names of the state stores; their changelog topics are named after them, so they never change. */
public final class StoreNames {
  public static final String RUN_STATE = "run-state";
  public static final String RUN_CHUNKS = "run-chunks";
  public static final String CHUNK_RETRIES = "chunk-retries";
  public static final String ARCHIVE_CATALOG = "archive-catalog";
  public static final String SOURCE_WATERMARKS = "source-watermarks";
  public static final String RESTORE_QUEUE = "restore-queue";
  public static final String INTEGRITY_CHECKS = "integrity-checks";

  /** The lifecycle owner's copy of the catalog entries of the archives its task owns. */
  public static final String ARCHIVE_LIFECYCLE = "archive-lifecycle";

  /** Pending background work (see BackgroundJobs): what was started and not yet applied. */
  public static final String PLANS_PENDING = "plans-pending";

  public static final String MANIFESTS_PENDING = "manifests-pending";
  public static final String CHUNK_WRITES_PENDING = "chunk-writes-pending";
  public static final String CHUNK_VERIFIES_PENDING = "chunk-verifies-pending";
  public static final String CHECK_PLANS_PENDING = "check-plans-pending";
  public static final String RESTORES_PENDING = "restores-pending";
  public static final String RESTORE_EXPIRIES_PENDING = "restore-expiries-pending";
  public static final String PURGES_PENDING = "purges-pending";
  public static final String MOVES_PENDING = "moves-pending";
  public static final String MOVE_CLEANUPS_PENDING = "move-cleanups-pending";

  /** Purges and rotations part-way through the catalog (a page per transaction). */
  public static final String CATALOG_SCANS = "catalog-scans";

  private StoreNames() {}
}
