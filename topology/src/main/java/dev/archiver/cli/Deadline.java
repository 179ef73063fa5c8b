package dev.archiver.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When a command stops waiting: never (no --timeout), or at a point in time. */
final class Deadline {

  /** Exit code of a command whose --timeout passed before the answer came. */
  static final int TIMED_OUT = 3;

  private static final Duration POLL = Duration.ofMillis(200);

  private final Optional<Instant> at;

  private Deadline(Optional<Instant> at) {
    this.at = at;
  }

  static Deadline never() {
    return new Deadline(Optional.empty());
  }

  /**
   * @param timeout null or zero for no deadline
   */
  static Deadline after(Duration timeout) {
    return timeout == null || timeout.isZero()
        ? never()
        : new Deadline(Optional.of(Instant.now().plus(timeout)));
  }

  boolean passed() {
    return at.isPresent() && !Instant.now().isBefore(at.get());
  }

  /** How long the next poll may block. */
  Duration nextPoll() {
    if (at.isEmpty()) {
      return POLL;
    }
    Duration left = Duration.between(Instant.now(), at.get());
    return left.isNegative() ? Duration.ZERO : (left.compareTo(POLL) < 0 ? left : POLL);
  }
}
