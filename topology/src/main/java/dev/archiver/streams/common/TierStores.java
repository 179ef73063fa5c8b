package dev.archiver.streams.common;

import dev.archiver.connectors.tier.TierStore;
import dev.archiver.events.StorageTier;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The tier stores this archiver writes to, by tier. Requests for any other tier are refused at
 * validation.
 */
public final class TierStores {

  private final Map<StorageTier, TierStore> stores;

  public TierStores(Map<StorageTier, TierStore> stores) {
    this.stores = new EnumMap<>(stores);
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
}
