package dev.archiver.streams.common;

import dev.archiver.connectors.spool.ChunkSpool;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.events.StorageTier;
import dev.archiver.streams.work.NotReadyYet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The tier stores this archiver writes to, by tier. Requests for any other tier are refused at
 * validation.
 */
public final class TierStores implements AutoCloseable {

  private final Map<StorageTier, TierStore> stores;
  private final ChunkSpool spool;
  private final TierOutages outages = new TierOutages();

  /** Stores without a spool: a chunk whose tier is unreachable waits for it. */
  public TierStores(Map<StorageTier, TierStore> stores) {
    this(stores, ChunkSpool.disabled());
  }

  /**
   * @param spool where chunks for an object-store tier wait while that store is unreachable
   */
  public TierStores(Map<StorageTier, TierStore> stores, ChunkSpool spool) {
    this.stores = new EnumMap<>(stores);
    this.spool = spool;
  }

  public ChunkSpool spool() {
    return spool;
  }

  public TierOutages outages() {
    return outages;
  }

  /**
   * Whether chunks for {@code tier} wait out an outage of its store (in the spool, or holding their
   * place): the object-store tiers. The FILESYSTEM tier is local, like the spool, so its failures
   * are reported at once.
   */
  public boolean waitsOutOutages(StorageTier tier) {
    return tier != StorageTier.FILESYSTEM;
  }

  /**
   * {@code work} against {@code tier}'s store, with an outage of an object-store tier turned into
   * {@link NotReadyYet}: the job stays pending and runs again when the store may answer, costing no
   * attempt, instead of failing its run while S3 is away.
   */
  public <T> Callable<T> waitingOutOutages(String tier, Callable<T> work) {
    StorageTier storageTier = StorageTier.valueOf(tier);
    if (!waitsOutOutages(storageTier)) {
      return work;
    }
    return () -> {
      try {
        T result = work.call();
        outages.reached(storageTier);
        return result;
      } catch (Exception e) {
        if (!TierOutages.isOutage(e)) {
          throw e;
        }
        outages.failed(storageTier, e);
        throw new NotReadyYet(
            "tier " + tier + " is unreachable: " + e.getMessage(), outages.retryIn(storageTier));
      }
    };
  }

  public Set<StorageTier> configured() {
    return stores.keySet();
  }

  public TierStore get(StorageTier tier) {
    TierStore store = stores.get(tier);
    if (store == null) {
      throw new IllegalArgumentException("tier " + tier + " is not configured");
    }
    return store;
  }

  public TierStore get(String tier) {
    return get(StorageTier.valueOf(tier));
  }

  /** Closes the stores that hold connections (S3 clients); the same store may serve two tiers. */
  @Override
  public void close() {
    java.util.Set<TierStore> distinct =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    distinct.addAll(stores.values());
    for (TierStore store : distinct) {
      if (store instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Closing at shutdown: nothing left to do with a store that fails to close.
        }
      }
    }
  }
}
