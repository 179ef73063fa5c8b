package dev.archiver.streams.validation;

import dev.archiver.events.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The size of everything a request may carry, checked before anything else: a request's fields are
 * copied into answers, audit events and state, so an unbounded field would make a record larger
 * than the broker takes and stop the partition. The limits are documented with the schemas
 * (docs/events.md) and every refusal names field and limit.
 */
public final class FieldLimits {

  /** Ids of runs, archives, restores, checks and requests ({@link RequestIds}). */
  public static final int ID_CHARS = RequestIds.MAX_LENGTH;

  /** Locations (file: URIs): PATH_MAX of Linux. */
  public static final int URI_BYTES = 4096;

  /** Who asked, kept in the audit trail. */
  public static final int REQUESTED_BY_CHARS = 256;

  /** Names chosen from configuration: retention classes, key ids, tier prefixes. */
  public static final int NAME_CHARS = 200;

  /** Option and parameter maps. */
  public static final int MAP_ENTRIES = 32;

  public static final int MAP_KEY_CHARS = 64;
  public static final int MAP_VALUE_CHARS = 1024;

  /** Archives in one sampled integrity check. */
  public static final int MAX_SAMPLE = 100_000;

  private FieldLimits() {}

  /**
   * A text field of at most {@code max} characters, without control characters (they corrupt logs
   * and terminals).
   */
  public static Optional<Rejection> text(String field, CharSequence value, int max) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.length() > max) {
      return reject(
          field + " is " + value.length() + " characters long; at most " + max + " are accepted");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return reject(field + " holds a control character at position " + i + "; remove it");
      }
    }
    return Optional.empty();
  }

  /** A location of at most {@link #URI_BYTES} bytes in UTF-8. */
  public static Optional<Rejection> uri(String field, CharSequence value) {
    if (value == null) {
      return Optional.empty();
    }
    int bytes = value.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > URI_BYTES) {
      return reject(field + " is " + bytes + " bytes long; at most " + URI_BYTES + " are accepted");
    }
    return text(field, value, URI_BYTES);
  }

  public static Optional<Rejection> map(
      String field, Map<? extends CharSequence, ? extends CharSequence> map) {
    if (map == null) {
      return Optional.empty();
    }
    if (map.size() > MAP_ENTRIES) {
      return reject(
          field + " has " + map.size() + " entries; at most " + MAP_ENTRIES + " are accepted");
    }
    for (Map.Entry<? extends CharSequence, ? extends CharSequence> entry : map.entrySet()) {
      Optional<Rejection> problem =
          firstOf(
              () -> text(field + " key", entry.getKey(), MAP_KEY_CHARS),
              () -> text(field + "[" + entry.getKey() + "]", entry.getValue(), MAP_VALUE_CHARS));
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** An enum field whose symbol this archiver did not know: Avro read it as UNKNOWN. */
  public static Optional<Rejection> known(String field, Enum<?> value) {
    if (value != null && value.name().equals("UNKNOWN")) {
      return reject(
          field
              + " has a value this archiver does not know (a producer on a newer schema?); use one of the documented values or upgrade the archiver");
    }
    return Optional.empty();
  }

  /** The first problem of several checks, each run only if the ones before passed. */
  @SafeVarargs
  public static Optional<Rejection> firstOf(Supplier<Optional<Rejection>>... checks) {
    for (Supplier<Optional<Rejection>> check : checks) {
      Optional<Rejection> problem = check.get();
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(String message) {
    return Optional.of(Rejection.of(ReasonCode.INVALID_FIELD, message));
  }
}
