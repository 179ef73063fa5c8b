package dev.archiver.streams.intake;

import dev.archiver.streams.validation.Rejection;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds the failure event a producer waits on (ArchiveFailed, RestoreFailed) for a refused
 * request.
 */
@FunctionalInterface
public interface FailureNotice {

  /**
   * The failure event for the refused request {@code id}.
   *
   * @param requestId the id the producer waits on (ArchiveRequested.requestId), or null when
   *     unknown
   */
  SpecificRecord notice(String id, String requestId, Rejection rejection, long now);

  /** A notice and the sink node it goes to. */
  record Route(String sink, FailureNotice notice) {}
}
