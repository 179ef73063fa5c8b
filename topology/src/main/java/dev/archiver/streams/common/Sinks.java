package dev.archiver.streams.common;

/** Names of the topology's sink nodes: processors forward to them by name. */
public final class Sinks {
  public static final String DLQ = "dlq-sink";
  public static final String ARCHIVE_FAILED = "archive-failed-sink";
  public static final String RESTORE_FAILED = "restore-failed-sink";
  public static final String ARCHIVE_COMPLETED = "archive-completed-sink";
  public static final String CHUNK_TASKS = "chunk-tasks-sink";
  public static final String CHUNK_RESULTS = "chunk-results-sink";
  public static final String CATALOG = "catalog-sink";
  public static final String ARCHIVE_COMMANDS = "archive-commands-sink";
  public static final String INTEGRITY_RESULTS = "integrity-results-sink";
  public static final String INTEGRITY_REQUESTS = "integrity-requests-sink";
  public static final String RESTORE_COMPLETED = "restore-completed-sink";
  public static final String RUN_PROGRESS = "run-progress-sink";
  public static final String AUDIT = "audit-sink";

  private Sinks() {}
}
