package dev.archiver.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.archiver.logging.JsonLineLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends the service's log to a file instead of the console, for commands whose console is for
 * people (the demo): the narrative, progress bars and results stay readable. Closing it puts the
 * console appenders back.
 */
final class LogDestination implements AutoCloseable {

  private static final String DEFAULT_PATTERN =
      "ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} level=%level logger=%logger{0} run=%X{runId:-none} %msg%n";

  private final Logger root;
  private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
  private final FileAppender<ILoggingEvent> file = new FileAppender<>();

  private LogDestination(Path logFile) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Encoder<ILoggingEvent> encoder = null;
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      Appender<ILoggingEvent> appender = it.next();
      detached.add(appender);
      encoder = encoder != null ? encoder : encoderLike(appender, context);
    }
    file.setContext(context);
    file.setName("archiver-log-file");
    file.setFile(logFile.toString());
    file.setAppend(true);
    file.setEncoder(encoder != null ? encoder : pattern(DEFAULT_PATTERN, context));
    file.start();
    root.addAppender(file);
    detached.forEach(root::detachAppender);
  }

  /**
   * From now until closed, the log goes to {@code logFile} (created with its directory) and not to
   * the console.
   */
  static LogDestination toFile(Path logFile) {
    return new LogDestination(logFile);
  }

  /**
   * The same lines as on the console (logfmt or JSON, see log.format), in the file; null when
   * unknown.
   */
  private static Encoder<ILoggingEvent> encoderLike(
      Appender<ILoggingEvent> appender, LoggerContext context) {
    if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
      if (stream.getEncoder() instanceof PatternLayoutEncoder encoder) {
        return pattern(encoder.getPattern(), context);
      }
      if (stream.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> encoder
          && encoder.getLayout() instanceof JsonLineLayout) {
        return JsonLineLayout.encoder(context);
      }
    }
    return null;
  }

  private static Encoder<ILoggingEvent> pattern(String pattern, LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }

  @Override
  public void close() {
    detached.forEach(root::addAppender);
    root.detachAppender(file);
    file.stop();
  }
}
