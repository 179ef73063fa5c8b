package dev.archiver.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a config value is written and what it becomes; each parse failure says what a good value
 * looks like.
 */
public enum ConfigType {
  STRING("text") {
    @Override
    Object parse(String raw) {
      return raw.trim();
    }
  },
  INT("a whole number") {
    @Override
    Object parse(String raw) {
      return Integer.parseInt(raw.trim());
    }
  },
  BOOLEAN("true or false") {
    @Override
    Object parse(String raw) {
      String value = raw.trim().toLowerCase(Locale.ROOT);
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException();
      }
      return Boolean.parseBoolean(value);
    }
  },
  /** Bytes, written as 1048576, 64MiB, 512KiB, 2GiB (also KB/MB/GB as powers of 1024). */
  SIZE("a size such as 64MiB, 512KiB or 1048576") {
    @Override
    Object parse(String raw) {
      Matcher m = SIZE_PATTERN.matcher(raw.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException();
      }
      long number = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
      int shift =
          switch (unit) {
            case "", "B" -> 0;
            case "K", "KB", "KIB" -> 10;
            case "M", "MB", "MIB" -> 20;
            case "G", "GB", "GIB" -> 30;
            default -> throw new IllegalArgumentException();
          };
      return Math.multiplyExact(number, 1L << shift);
    }
  },
  /** A duration written as 30s, 5m, 24h, 7d or an ISO-8601 PT.. string. */
  DURATION("a duration such as 30s, 5m, 24h or 7d") {
    @Override
    Object parse(String raw) {
      String value = raw.trim();
      Matcher m = DURATION_PATTERN.matcher(value);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(value);
    }
  },
  PATH("a file system path") {
    @Override
    Object parse(String raw) {
      return Path.of(raw.trim()).toAbsolutePath().normalize();
    }
  },
  /** Permission bits in octal, as chmod and umask write them: 022, 0077. */
  OCTAL_MODE("an octal mode from 000 to 777, such as 022 or 077") {
    @Override
    Object parse(String raw) {
      int mode = Integer.parseInt(raw.trim(), 8);
      if (mode < 0 || mode > 0777) {
        throw new IllegalArgumentException();
      }
      return mode;
    }
  },
  /** Comma-separated paths. */
  PATH_LIST("a comma-separated list of directories") {
    @Override
    Object parse(String raw) {
      return Arrays.stream(raw.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .map(s -> Path.of(s).toAbsolutePath().normalize())
          .toList();
    }
  },
  /**
   * Names to values, written {@code name=value,name=value} (an environment variable, a .properties
   * value) or, in a file, as a nested map or as one {@code <key>.<name>} entry each, which {@link
   * ConfigLoader} joins into the same form. Order is kept: a later entry for the same name wins.
   */
  MAP("name=value pairs separated by commas (in YAML a map of name: value)") {
    @Override
    Object parse(String raw) {
      Map<String, String> entries = new LinkedHashMap<>();
      for (String pair : raw.split(",", -1)) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? "" : pair.substring(0, eq).trim();
        if (name.isEmpty()) {
          throw new IllegalArgumentException("not name=value: " + pair);
        }
        entries.put(name, pair.substring(eq + 1).trim());
      }
      return Collections.unmodifiableMap(entries);
    }
  };

  private static final Pattern SIZE_PATTERN = Pattern.compile("(\\d+)\\s*([A-Za-z]+)?");
  private static final Pattern DURATION_PATTERN = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final String expected;

  ConfigType(String expected) {
    this.expected = expected;
  }

  /** What a valid value looks like, for error messages. */
  public String expected() {
    return expected;
  }

  /** Parses a raw value; throws any RuntimeException when it does not fit. */
  abstract Object parse(String raw);

  /** The same, for callers outside config (CLI flags that share the config's formats). */
  public Object parseValue(String raw) {
    return parse(raw);
  }
}
