package dev.archiver.streams.work;

import java.time.Duration;

/**
 * Thrown by a job that cannot do its work yet and should be asked again later (a cold object
 * thawing): not a failure, so it costs no attempt. The job stays pending and runs again after
 * {@link #checkAgainIn()}, on the wall clock, never holding a thread while it waits.
 */
public class NotReadyYet extends Exception {

  private static final long serialVersionUID = 1L;

  private final Duration checkAgainIn;

  public NotReadyYet(String message, Duration checkAgainIn) {
    super(message);
    this.checkAgainIn = checkAgainIn;
  }

  public Duration checkAgainIn() {
    return checkAgainIn;
  }
}
