package dev.archiver.config;

/** How the service writes its log lines (log.format). */
public enum LogFormat {
  /** key=value pairs on one line, as logback.xml defines them. */
  LOGFMT,
  /** One JSON object per line. */
  JSON
}
