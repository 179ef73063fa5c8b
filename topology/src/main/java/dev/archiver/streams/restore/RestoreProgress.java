package dev.archiver.streams.restore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far the restores running in this process have got. A restore runs inside one record's
 * processing, so its progress cannot travel as committed events before it ends; this in-memory view
 * feeds /api/restores/{id} and the CLI's progress bar instead. Advisory only: the restore queue
 * store and the result events are the record.
 */
public final class RestoreProgress {

  /** Files and bytes written so far, out of the archive's totals. */
  public record Snapshot(long filesDone, long bytesDone, long filesTotal, long bytesTotal) {}

  private final Map<String, Snapshot> running = new ConcurrentHashMap<>();

  public void started(String restoreId, long filesTotal, long bytesTotal) {
    running.put(restoreId, new Snapshot(0, 0, filesTotal, bytesTotal));
  }

  public void advanced(String restoreId, long bytesDone, long filesDone) {
    running.computeIfPresent(
        restoreId, (id, s) -> new Snapshot(filesDone, bytesDone, s.filesTotal(), s.bytesTotal()));
  }

  public void ended(String restoreId) {
    running.remove(restoreId);
  }

  public Optional<Snapshot> of(String restoreId) {
    return Optional.ofNullable(running.get(restoreId));
  }
}
