package dev.archiver.service;

import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A cold tier (GLACIER, DEEP_ARCHIVE) whose small metadata objects, the plan and the manifest, are
 * written in a class that reads at once: the archiver reads them while it writes the chunks and on
 * every shallow check, and a thaw per manifest read would stall both. Both stores share one bucket
 * and prefix, and S3 reads go by each object's own class, so every read goes to the cold store.
 */
final class HotMetadataStore implements TierStore, AutoCloseable {

  private final TierStore cold;
  private final TierStore hot;

  HotMetadataStore(TierStore cold, TierStore hot) {
    this.cold = cold;
    this.hot = hot;
  }

  TierStore coldStore() {
    return cold;
  }

  static boolean isMetadata(String key) {
    return key.endsWith("/manifest.json") || key.endsWith("/plan.json");
  }

  @Override
  public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
    return (isMetadata(key) ? hot : cold).put(key, writer);
  }

  @Override
  public InputStream open(String key) throws IOException {
    return cold.open(key);
  }

  @Override
  public InputStream openRange(String key, long offset, long length) throws IOException {
    return cold.openRange(key, offset, length);
  }

  @Override
  public InputStream openVerified(String key) throws IOException {
    return cold.openVerified(key);
  }

  @Override
  public long size(String key) throws IOException {
    return cold.size(key);
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    return cold.stat(key);
  }

  @Override
  public boolean exists(String key) throws IOException {
    return cold.exists(key);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    return cold.list(prefix);
  }

  @Override
  public void delete(String key) throws IOException {
    cold.delete(key);
  }

  @Override
  public String location(String key) {
    return cold.location(key);
  }

  @Override
  public java.util.Optional<dev.archiver.connectors.tier.ColdObjects> thaws() {
    return cold.thaws();
  }

  @Override
  public void close() throws Exception {
    try {
      if (cold instanceof AutoCloseable c) {
        c.close();
      }
    } finally {
      if (hot instanceof AutoCloseable h) {
        h.close();
      }
    }
  }
}
