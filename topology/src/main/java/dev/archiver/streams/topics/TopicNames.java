package dev.archiver.streams.topics;

/** The archiver's topics: the public contract of ARCHITECTURE.md. */
public final class TopicNames {
  public static final String ARCHIVE_REQUESTS = "archiver.archive.requests";
  public static final String INTEGRITY_REQUESTS = "archiver.integrity.requests";
  public static final String RESTORE_REQUESTS = "archiver.restore.requests";
  public static final String ADMIN_REQUESTS = "archiver.admin.requests";
  public static final String ARCHIVE_COMPLETED = "archiver.archive.completed";
  public static final String ARCHIVE_FAILED = "archiver.archive.failed";
  public static final String INTEGRITY_RESULTS = "archiver.integrity.results";
  public static final String RESTORE_COMPLETED = "archiver.restore.completed";
  public static final String RESTORE_FAILED = "archiver.restore.failed";
  public static final String RUN_PROGRESS = "archiver.run.progress";
  public static final String AUDIT = "archiver.audit";
  public static final String DLQ = "archiver.dlq";
  public static final String CHUNK_TASKS = "archiver.chunk.tasks";
  public static final String CHUNK_RESULTS = "archiver.chunk.results";

  /**
   * Internal: accepted requests re-keyed by their own id (run, check, restore) with the archiver's
   * partitioner, so a request meets its state and its chunk results whatever partition its producer
   * chose.
   */
  public static final String ARCHIVE_REQUESTS_REPARTITION = "archiver.archive.requests.repartition";

  public static final String INTEGRITY_REQUESTS_REPARTITION =
      "archiver.integrity.requests.repartition";
  public static final String RESTORE_REQUESTS_REPARTITION = "archiver.restore.requests.repartition";

  /**
   * Internal, compacted: the archive catalog (archive id -> CatalogEntry JSON), read into a global
   * store.
   */
  public static final String CATALOG = "archiver.catalog";

  /**
   * Internal: changes to one archive (created, verified, legal hold, purge) keyed by archive id, so
   * one task applies them all in order.
   */
  public static final String ARCHIVE_COMMANDS = "archiver.archive.commands";

  private TopicNames() {}
}
