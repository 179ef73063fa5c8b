package dev.archiver.streams.work;

/** A job that ended: its result, or what it threw (then result is null). */
public record Finished<J, R>(String key, J job, R result, Throwable failure) {

  public boolean failed() {
    return failure != null;
  }
}
