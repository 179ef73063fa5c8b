package dev.archiver.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log event of this JVM from the moment it is attached, to look for what must never be
 * logged.
 */
public final class LogCapture implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root;

  public LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
  }

  /**
   * Lines (message and every exception in the chain, by class name and message) that mention {@code
   * text}.
   */
  public List<String> mentioning(String text) {
    synchronized (appender) {
      return appender.list.stream()
          .map(LogCapture::describe)
          .filter(line -> line.contains(text))
          .toList();
    }
  }

  private static String describe(ILoggingEvent event) {
    StringBuilder line =
        new StringBuilder(event.getLoggerName()).append(": ").append(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    return line.toString();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
