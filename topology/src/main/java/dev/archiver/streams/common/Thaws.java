package dev.archiver.streams.common;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.tier.ColdObjects;
import dev.archiver.connectors.tier.RetrievalTier;
import dev.archiver.connectors.tier.ThawState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Before objects in a cold class are read (a restore, a move to another tier): asks for a thaw of
 * every frozen one (with the caller's retrieval tier) and, while any is not readable, answers
 * {@link ThawPending} so the job checks again later instead of waiting on a thread.
 */
public final class Thaws {

  /** Polls at most this often, and at least this often, whatever the store expects. */
  static final Duration MIN_POLL = Duration.ofSeconds(1);

  static final Duration MAX_POLL = Duration.ofMinutes(15);

  private Thaws() {}

  /** Every chunk of {@code manifest}. */
  public static void ensureReadable(
      ColdObjects cold, Manifest manifest, RetrievalTier tier, int days, Instant now)
      throws IOException, ThawPending {
    ensureReadable(
        cold, manifest.chunks().stream().map(ManifestChunk::key).toList(), tier, days, now);
  }

  public static void ensureReadable(
      ColdObjects cold, java.util.List<String> keys, RetrievalTier tier, int days, Instant now)
      throws IOException, ThawPending {
    int waiting = 0;
    Optional<Instant> latest = Optional.empty();
    for (String key : keys) {
      ThawState state = cold.state(key);
      if (state.readable()) {
        continue;
      }
      if (state.kind() == ThawState.Kind.FROZEN) {
        cold.requestThaw(key, tier, days);
        state = cold.state(key);
        if (state.readable()) {
          continue;
        }
      }
      waiting++;
      if (state instanceof ThawState.Thawing thawing && thawing.expectedReadyAt().isPresent()) {
        Instant at = thawing.expectedReadyAt().get();
        latest = latest.isEmpty() || at.isAfter(latest.get()) ? Optional.of(at) : latest;
      }
    }
    if (waiting > 0) {
      Duration untilReady = latest.map(at -> Duration.between(now, at)).orElse(MAX_POLL);
      Duration poll =
          untilReady.compareTo(MIN_POLL) < 0
              ? MIN_POLL
              : untilReady.compareTo(MAX_POLL) > 0 ? MAX_POLL : untilReady;
      throw new ThawPending(waiting, latest, poll);
    }
  }
}
