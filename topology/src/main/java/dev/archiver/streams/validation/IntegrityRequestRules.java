package dev.archiver.streams.validation;

import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.ReasonCode;
import java.util.Optional;

/**
 * A check names its scope and what the scope needs: an archive or run, or a sample size of at least
 * one.
 */
public final class IntegrityRequestRules implements RequestRules<IntegrityCheckRequested> {

  @Override
  public Optional<Rejection> check(IntegrityCheckRequested request) {
    Optional<Rejection> badId =
        FieldLimits.firstOf(
            () ->
                FieldLimits.text(
                    "requestedBy", request.getRequestedBy(), FieldLimits.REQUESTED_BY_CHARS),
            () -> RequestIds.check("checkId", request.getCheckId()));
    if (badId.isPresent()) {
      return badId;
    }
    return switch (request.getScope()) {
      case ARCHIVE ->
          Targets.oneOf(request.getArchiveId(), request.getRunId(), "a check of scope ARCHIVE");
      case SAMPLE ->
          request.getSampleSize() == null
                  || request.getSampleSize() < 1
                  || request.getSampleSize() > FieldLimits.MAX_SAMPLE
              ? Optional.of(
                  Rejection.of(
                      ReasonCode.INVALID_FIELD,
                      "sampleSize must be from 1 to "
                          + FieldLimits.MAX_SAMPLE
                          + " for scope SAMPLE, got "
                          + request.getSampleSize()))
              : Optional.empty();
      case ALL -> Optional.empty();
    };
  }
}
