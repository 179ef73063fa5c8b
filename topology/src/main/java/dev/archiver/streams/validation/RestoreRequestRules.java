package dev.archiver.streams.validation;

import dev.archiver.events.ReasonCode;
import dev.archiver.events.RestoreRequested;
import java.util.Optional;

/**
 * A restore names its archive and a file: target inside the restore roots, with a TTL of zero or
 * more.
 */
public final class RestoreRequestRules implements RequestRules<RestoreRequested> {

  /** 100 years: longer is a mistake, and would overflow an expiry in epoch millis. */
  static final long MAX_TTL_SECONDS = 100L * 366 * 24 * 3600;

  private final PathGuard targets;

  public RestoreRequestRules(PathGuard targets) {
    this.targets = targets;
  }

  @Override
  public Optional<Rejection> check(RestoreRequested request) {
    Optional<Rejection> problem =
        FieldLimits.firstOf(
            () -> FieldLimits.uri("target", request.getTarget()),
            () -> FieldLimits.known("conflict", request.getConflict()),
            () -> FieldLimits.known("restoreTier", request.getRestoreTier()),
            () ->
                FieldLimits.text(
                    "requestedBy", request.getRequestedBy(), FieldLimits.REQUESTED_BY_CHARS),
            () -> RequestIds.check("restoreId", request.getRestoreId()));
    if (problem.isEmpty()) {
      problem = Targets.oneOf(request.getArchiveId(), request.getRunId(), "a restore");
    }
    if (problem.isPresent()) {
      return problem;
    }
    Long ttl = request.getTtlSeconds();
    if (ttl != null && (ttl < 0 || ttl > MAX_TTL_SECONDS)) {
      return Optional.of(
          Rejection.of(
              ReasonCode.INVALID_FIELD,
              "ttlSeconds must be between 0 (keep) and "
                  + MAX_TTL_SECONDS
                  + " (100 years), got "
                  + ttl));
    }
    String target = request.getTarget();
    Optional<String> path = target == null ? Optional.empty() : PathGuard.filePath(target);
    if (path.isEmpty()) {
      return Optional.of(
          Rejection.of(
              ReasonCode.INVALID_FIELD, "target '" + target + "' must be file:/absolute/dir"));
    }
    return targets.check(path.get());
  }
}
