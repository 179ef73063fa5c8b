package dev.archiver.streams.state;

/**
 * One restore in the restore-queue store: where it goes, how far it got, and when its copy expires.
 *
 * @param status PENDING, THAWING, RESTORING, AVAILABLE, EXPIRING, EXPIRED or FAILED
 * @param expiresAt epoch millis when the restored copy is removed, 0 when it is kept
 * @param writtenList the restore's journal under the data directory: every path it wrote (what
 *     expiry removes)
 */
public record RestoreEntry(
    String restoreId,
    String archiveId,
    String runId,
    String target,
    String restoreTier,
    String conflict,
    String status,
    String requestedBy,
    long files,
    long bytes,
    long skipped,
    long expiresAt,
    String writtenList,
    String message,
    long requestedAt,
    long updatedAt) {

  public RestoreEntry withStatus(String newStatus, String newMessage, long now) {
    return new RestoreEntry(
        restoreId,
        archiveId,
        runId,
        target,
        restoreTier,
        conflict,
        newStatus,
        requestedBy,
        files,
        bytes,
        skipped,
        expiresAt,
        writtenList,
        newMessage,
        requestedAt,
        now);
  }

  public RestoreEntry available(
      long newFiles,
      long newBytes,
      long newSkipped,
      long newExpiresAt,
      String newWrittenList,
      long now) {
    return new RestoreEntry(
        restoreId,
        archiveId,
        runId,
        target,
        restoreTier,
        conflict,
        "AVAILABLE",
        requestedBy,
        newFiles,
        newBytes,
        newSkipped,
        newExpiresAt,
        newWrittenList,
        null,
        requestedAt,
        now);
  }
}
