package dev.archiver.streams.state;

/** One written chunk of a run in flight: the value of the run-chunks store, until the manifest takes it over. */
public record StoredChunk(int index, String key, long offset, long bytesIn, long bytesOut, String sha256In, String sha256Out) {

  /** Store key: run id and zero-padded index, so a range scan returns a run's chunks in order. */
  public static String storeKey(String runId, int index) {
    return runId + "/" + String.format("%09d", index);
  }

  public static String firstKey(String runId) {
    return runId + "/";
  }

  public static String lastKey(String runId) {
    return runId + "/~";
  }
}
