package dev.archiver.streams.work;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Which failures of a background job are worth another attempt (a storage blip, not a bad input),
 * how many attempts a job gets in all, and the wait before each retry: {@code backoff}, then twice
 * that, and so on, capped.
 */
public record RetryPolicy(Predicate<Throwable> retriable, int maxAttempts, Duration backoff) {

  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
  }

  /** Never retried: the first failure is the answer. */
  public static RetryPolicy none() {
    return new RetryPolicy(failure -> false, 1, Duration.ZERO);
  }

  /** The wait after the {@code failed}-th failed attempt. */
  Duration delayAfter(int failed) {
    Duration delay = backoff.multipliedBy(1L << Math.min(failed - 1, 20));
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }
}
