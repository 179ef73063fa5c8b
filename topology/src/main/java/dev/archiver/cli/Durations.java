package dev.archiver.cli;

import dev.archiver.config.ConfigType;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Duration options (30s, 10m, 24h, 7d) parsed like config durations, refused with the option's
 * name.
 */
final class Durations {

  private Durations() {}

  /** Parses the option's value; null when the option was not given. */
  static Duration option(CommandSpec spec, String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return (Duration) ConfigType.DURATION.parseValue(value);
    } catch (RuntimeException e) {
      throw new ParameterException(
          spec.commandLine(),
          name + " '" + value + "' is not a duration such as 30s, 10m, 24h or 7d");
    }
  }
}
