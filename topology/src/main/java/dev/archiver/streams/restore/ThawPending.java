package dev.archiver.streams.restore;

import dev.archiver.streams.work.NotReadyYet;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Some chunks of the archive are still thawing: the restore waits, and checks again later. */
final class ThawPending extends NotReadyYet {

  private static final long serialVersionUID = 1L;

  private final int chunksThawing;
  private final transient Optional<Instant> expectedReadyAt;

  ThawPending(int chunksThawing, Optional<Instant> expectedReadyAt, Duration checkAgainIn) {
    super(
        chunksThawing
            + " chunk(s) thawing"
            + expectedReadyAt.map(at -> ", expected ready at " + at).orElse(""),
        checkAgainIn);
    this.chunksThawing = chunksThawing;
    this.expectedReadyAt = expectedReadyAt;
  }

  int chunksThawing() {
    return chunksThawing;
  }

  Optional<Instant> expectedReadyAt() {
    return expectedReadyAt;
  }
}
