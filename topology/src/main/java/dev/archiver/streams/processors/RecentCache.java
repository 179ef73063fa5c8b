package dev.archiver.streams.processors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few most recently used values, for objects read from the tier once per run or archive (plans, manifests)
 * and then needed by each of its chunks. Per processor instance, so per stream thread: no locking.
 */
final class RecentCache<K, V> {

  /** Loads a value that is not cached. */
  @FunctionalInterface
  interface Loader<K, V, E extends Exception> {
    V load(K key) throws E;
  }

  private final Map<K, V> values;

  RecentCache(int capacity) {
    this.values =
        new LinkedHashMap<>(capacity, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  <E extends Exception> V get(K key, Loader<K, V, E> loader) throws E {
    V cached = values.get(key);
    if (cached == null) {
      cached = loader.load(key);
      values.put(key, cached);
    }
    return cached;
  }
}
