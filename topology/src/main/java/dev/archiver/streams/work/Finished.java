package dev.archiver.streams.work;

/**
 * A job that ended: its result, or what it threw (then result is null), and how many attempts it
 * took (more than one when retriable failures were retried).
 */
public record Finished<J, R>(String key, J job, R result, Throwable failure, int attempts) {

  public Finished(String key, J job, R result, Throwable failure) {
    this(key, job, result, failure, 1);
  }

  public boolean failed() {
    return failure != null;
  }

  Finished<J, R> afterAttempts(int count) {
    return new Finished<>(key, job, result, failure, count);
  }
}
