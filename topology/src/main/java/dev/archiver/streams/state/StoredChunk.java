package dev.archiver.streams.state;

/**
 * One written chunk of a run in flight: the value of the run-chunks store, until the manifest takes
 * it over.
 */
public record StoredChunk(
    int index,
    String key,
    long offset,
    long bytesIn,
    long bytesOut,
    String sha256In,
    String sha256Out) {

  /** Store key: run id and zero-padded index, so a range scan returns a run's chunks in order. */
  public static String storeKey(String runId, int index) {
    return runId + "/" + String.format("%09d", index);
  }

  /**
   * True for a key of {@code runId}'s own chunks. A range scan from {@link #firstKey} to {@link
   * #lastKey} also meets the chunks of runs whose id starts with this one and a '/' ("P/x" for
   * "P"), so every scan filters with this.
   */
  public static boolean isChunkOf(String key, String runId) {
    if (key.length() != runId.length() + 10
        || !key.startsWith(runId)
        || key.charAt(runId.length()) != '/') {
      return false;
    }
    for (int i = runId.length() + 1; i < key.length(); i++) {
      if (key.charAt(i) < '0' || key.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  public static String firstKey(String runId) {
    return runId + "/";
  }

  public static String lastKey(String runId) {
    return runId + "/~";
  }
}
