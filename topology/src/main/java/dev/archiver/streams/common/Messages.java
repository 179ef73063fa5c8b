package dev.archiver.streams.common;

/**
 * Human-readable text copied into events (failure messages, audit details) is cut to a bounded
 * length: it can quote paths, ids and exception messages, and one record must stay well within the
 * broker's size limit.
 */
public final class Messages {

  public static final int MAX_CHARS = 2000;

  private Messages() {}

  /**
   * {@code text} itself, or its first {@link #MAX_CHARS} characters and how many were cut; null
   * stays null.
   */
  public static String cap(String text) {
    if (text == null || text.length() <= MAX_CHARS) {
      return text;
    }
    return text.substring(0, MAX_CHARS)
        + "... ("
        + (text.length() - MAX_CHARS)
        + " more characters)";
  }
}
