package dev.archiver.streams.validation;

import dev.archiver.events.ReasonCode;
import java.util.Optional;

/** Requests that act on one archive name it by archive id or by run id. */
final class Targets {

  private Targets() {}

  static Optional<Rejection> oneOf(String archiveId, String runId, String what) {
    if (archiveId == null && runId == null) {
      return Optional.of(
          Rejection.of(ReasonCode.MISSING_FIELD, what + " needs archiveId or runId"));
    }
    return archiveId != null
        ? RequestIds.check("archiveId", archiveId)
        : RequestIds.check("runId", runId);
  }
}
