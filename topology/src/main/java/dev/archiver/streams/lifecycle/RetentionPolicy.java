package dev.archiver.streams.lifecycle;

import dev.archiver.config.ArchiverConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The configured retention classes: which one an archive falls under, and when it expires. */
public final class RetentionPolicy {

  private final Map<String, Duration> classes;
  private final Optional<String> defaultClass;

  public RetentionPolicy(Map<String, Duration> classes, Optional<String> defaultClass) {
    this.classes = Map.copyOf(classes);
    this.defaultClass = defaultClass;
  }

  public static RetentionPolicy of(ArchiverConfig config) {
    return new RetentionPolicy(config.retentionClasses(), config.retentionDefaultClass());
  }

  public boolean knows(String retentionClass) {
    return classes.containsKey(retentionClass);
  }

  public String describeClasses() {
    return classes.isEmpty() ? "none configured" : String.join(", ", classes.keySet());
  }

  /** The class an archive is kept under: the one its request names, else the default, else none. */
  public Optional<String> classFor(String requested) {
    return requested != null ? Optional.of(requested) : defaultClass;
  }

  /** When an archive of {@code retentionClass} made at {@code createdAt} expires; null if never. */
  public Long expiresAt(String retentionClass, long createdAt) {
    Duration keep = retentionClass == null ? null : classes.get(retentionClass);
    return keep == null ? null : createdAt + keep.toMillis();
  }
}
