package dev.archiver.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.LogFormat;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Applies the log.* keys on top of logback.xml: the root level, the levels of named loggers, and
 * the format of the console lines. logback.xml stays the single place of the logfmt pattern and the
 * built-in levels; the config only changes what an operator asked for. Run it after the config
 * loaded and before the service starts, so every line of the service is written the configured way.
 */
public final class LogSetup {

  private LogSetup() {}

  public static void apply(ArchiverConfig config) {
    apply((LoggerContext) LoggerFactory.getILoggerFactory(), config);
  }

  static void apply(LoggerContext context, ArchiverConfig config) {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    // The config validated every level, so toLevel never falls back to its default here.
    root.setLevel(Level.toLevel(config.logLevel()));
    config
        .logLevels()
        .forEach((name, level) -> context.getLogger(name).setLevel(Level.toLevel(level)));
    if (config.logFormat() == LogFormat.JSON) {
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
          // Restarted, so the new encoder is initialised on the console stream the way the first
          // one was.
          console.stop();
          console.setEncoder(JsonLineLayout.encoder(context));
          console.start();
        }
      }
    }
  }
}
