package dev.archiver.service;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.tier.ForwardingTierStore;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * A cold tier (GLACIER, DEEP_ARCHIVE) whose small metadata objects, the plan (with its pages) and
 * the manifest, are written in a class that reads at once: the archiver reads them while it writes
 * the chunks and on every shallow check, and a thaw per manifest read would stall both. Both stores
 * share one bucket and prefix, and S3 reads go by each object's own class, so everything but those
 * writes goes to the cold store.
 */
final class HotMetadataStore extends ForwardingTierStore implements AutoCloseable {

  private final TierStore hot;

  HotMetadataStore(TierStore cold, TierStore hot) {
    super(cold);
    this.hot = hot;
  }

  TierStore coldStore() {
    return delegate;
  }

  static boolean isMetadata(String key) {
    return ArchiveKeys.isMetadata(key); // the plan's pages too: every chunk writer reads them
  }

  @Override
  public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
    return (isMetadata(key) ? hot : delegate).put(key, writer);
  }

  /** The cold store's own verified read (S3 keeps the SHA-256), not a stat and a read. */
  @Override
  public InputStream openVerified(String key) throws IOException {
    return delegate.openVerified(key);
  }

  @Override
  public void close() throws Exception {
    try {
      if (delegate instanceof AutoCloseable c) {
        c.close();
      }
    } finally {
      if (hot instanceof AutoCloseable h) {
        h.close();
      }
    }
  }
}
