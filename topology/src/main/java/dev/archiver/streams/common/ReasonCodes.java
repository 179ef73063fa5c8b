package dev.archiver.streams.common;

import dev.archiver.events.ReasonCode;

/**
 * The one table of which failures pass and which do not. Retriable: the request is fine and the
 * world was not (storage or source unreadable for now, retries used up); trying again later,
 * unchanged, may succeed, and chunk work failing so is retried with backoff. Permanent: the
 * request, the source or the archive is at fault; trying again gives the same answer, so the work
 * fails at once. Every failure event's {@code retriable} comes from here.
 */
public final class ReasonCodes {

  private ReasonCodes() {}

  public static boolean retriable(ReasonCode reason) {
    return switch (reason) {
      case STORAGE_UNAVAILABLE, SOURCE_UNREADABLE, RETRIES_EXHAUSTED -> true;
      case UNKNOWN,
          MALFORMED_RECORD,
          UNKNOWN_SCHEMA,
          WRONG_EVENT_TYPE,
          MISSING_FIELD,
          INVALID_FIELD,
          UNKNOWN_SOURCE_TYPE,
          PATH_OUTSIDE_ROOTS,
          SOURCE_NOT_FOUND,
          SOURCE_CHANGED,
          CHECKSUM_MISMATCH,
          TARGET_EXISTS,
          CANCELLED,
          INTERNAL_ERROR,
          RUN_ID_CONFLICT ->
          false;
    };
  }
}
