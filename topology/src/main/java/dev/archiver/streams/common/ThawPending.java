package dev.archiver.streams.common;

import dev.archiver.streams.work.NotReadyYet;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Some objects are still thawing: the job waits, and checks again later. */
public final class ThawPending extends NotReadyYet {

  private static final long serialVersionUID = 1L;

  private final int chunksThawing;
  private final transient Optional<Instant> expectedReadyAt;

  public ThawPending(int chunksThawing, Optional<Instant> expectedReadyAt, Duration checkAgainIn) {
    super(
        chunksThawing
            + " object(s) thawing"
            + expectedReadyAt.map(at -> ", expected ready at " + at).orElse(""),
        checkAgainIn);
    this.chunksThawing = chunksThawing;
    this.expectedReadyAt = expectedReadyAt;
  }

  public int chunksThawing() {
    return chunksThawing;
  }

  public Optional<Instant> expectedReadyAt() {
    return expectedReadyAt;
  }
}
