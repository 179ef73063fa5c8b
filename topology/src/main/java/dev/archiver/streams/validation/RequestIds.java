package dev.archiver.streams.validation;

import dev.archiver.events.ReasonCode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape every run, restore, check and request id must have: safe in keys, paths, logs and URLs.
 */
public final class RequestIds {

  public static final int MAX_LENGTH = 200;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:/@-]+");

  private RequestIds() {}

  public static boolean isValid(String id) {
    return id != null
        && !id.isBlank()
        && id.length() <= MAX_LENGTH
        && ALLOWED.matcher(id).matches()
        && !id.contains("..");
  }

  /** A rejection for a bad id in the named field, or empty when the id is fine. */
  public static Optional<Rejection> check(String field, String id) {
    if (id == null || id.isBlank()) {
      return Optional.of(
          Rejection.of(
              ReasonCode.MISSING_FIELD,
              field + " is empty; give every request a stable, non-empty " + field));
    }
    if (!isValid(id)) {
      return Optional.of(
          Rejection.of(
              ReasonCode.INVALID_FIELD,
              field
                  + " '"
                  + abbreviate(id)
                  + "' must be at most "
                  + MAX_LENGTH
                  + " characters of A-Z a-z 0-9 . _ : / @ - without '..'"));
    }
    return Optional.empty();
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
