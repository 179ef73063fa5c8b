package dev.archiver.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends the service's log to a file instead of the console, for commands whose console is for people (the demo):
 * the narrative, progress bars and results stay readable. Closing it puts the console appenders back.
 */
final class LogDestination implements AutoCloseable {

  private final Logger root;
  private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
  private final FileAppender<ILoggingEvent> file = new FileAppender<>();

  private LogDestination(Path logFile) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    String pattern = "ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} level=%level logger=%logger{0} run=%X{runId:-none} %msg%n";
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      Appender<ILoggingEvent> appender = it.next();
      detached.add(appender);
      pattern = patternOf(appender, pattern);
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern); // the same lines as on the console, in the file
    encoder.start();
    file.setContext(context);
    file.setName("archiver-log-file");
    file.setFile(logFile.toString());
    file.setAppend(true);
    file.setEncoder(encoder);
    file.start();
    root.addAppender(file);
    detached.forEach(root::detachAppender);
  }

  /** From now until closed, the log goes to {@code logFile} (created with its directory) and not to the console. */
  static LogDestination toFile(Path logFile) {
    return new LogDestination(logFile);
  }

  private static String patternOf(Appender<ILoggingEvent> appender, String fallback) {
    if (appender instanceof OutputStreamAppender<ILoggingEvent> stream && stream.getEncoder() instanceof PatternLayoutEncoder encoder) {
      return encoder.getPattern();
    }
    return fallback;
  }

  @Override
  public void close() {
    detached.forEach(root::addAppender);
    root.detachAppender(file);
    file.stop();
  }
}
