package dev.archiver.streams.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few most recently used values, for objects read from the tier once per run or archive (plans,
 * manifests) and then needed by each of its chunks. Shared by the pool threads that work on chunks;
 * a value is loaded outside the lock, so two threads may load the same one at once (both get equal
 * values).
 */
public final class RecentCache<K, V> {

  /** Loads a value that is not cached. */
  @FunctionalInterface
  public interface Loader<K, V, E extends Exception> {
    V load(K key) throws E;
  }

  private final Map<K, V> values;

  public RecentCache(int capacity) {
    this.values =
        new LinkedHashMap<>(capacity, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  public <E extends Exception> V get(K key, Loader<K, V, E> loader) throws E {
    synchronized (values) {
      V cached = values.get(key);
      if (cached != null) {
        return cached;
      }
    }
    V loaded = loader.load(key);
    synchronized (values) {
      values.put(key, loaded);
    }
    return loaded;
  }
}
