package dev.archiver.streams.work;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The configured attempts and first backoff of run work (work.retry.*), made into a policy per kind
 * of failure.
 */
public record Retries(int maxAttempts, Duration backoff) {

  public RetryPolicy when(Predicate<Throwable> retriable) {
    return new RetryPolicy(retriable, maxAttempts, backoff);
  }
}
