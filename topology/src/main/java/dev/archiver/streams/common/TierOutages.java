package dev.archiver.streams.common;

import dev.archiver.connectors.tier.TierStoreException;
import dev.archiver.events.StorageTier;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tiers' stores are unreachable right now, as the chunk writers last found them: a tier is
 * down from a retriable failure until any call to it succeeds. While a tier is down new chunks go
 * to the spool without trying the store first, and waiting chunks try again after a backoff that
 * grows with the failures in a row. Shared by every chunk-pool thread.
 */
public final class TierOutages {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TierOutages.class);

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  private final Map<StorageTier, Integer> failuresInARow = new ConcurrentHashMap<>();

  /** True when {@code failure} says the store is unreachable (not refusing the call for good). */
  public static boolean isOutage(Throwable failure) {
    return failure instanceof TierStoreException store && store.retriable();
  }

  public boolean isDown(StorageTier tier) {
    return failuresInARow.containsKey(tier);
  }

  /** {@code tier}'s store failed with {@code failure}, an outage ({@link #isOutage}). */
  public void failed(StorageTier tier, Exception failure) {
    if (failuresInARow.merge(tier, 1, Integer::sum) == 1) {
      LOG.warn(
          "event=tier_unreachable tier={} error=\"{}\"",
          tier,
          String.valueOf(failure.getMessage()).replace('"', '\''));
    }
  }

  public void reached(StorageTier tier) {
    if (failuresInARow.remove(tier) != null) {
      LOG.info("event=tier_reachable_again tier={}", tier);
    }
  }

  /** When a chunk waiting for {@code tier} should try again: 1 s, doubling to 30 s. */
  public Duration retryIn(StorageTier tier) {
    int failures = failuresInARow.getOrDefault(tier, 1);
    long seconds = FIRST_RETRY.toSeconds() << Math.min(failures - 1, 5);
    return Duration.ofSeconds(Math.min(seconds, LONGEST_RETRY.toSeconds()));
  }
}
