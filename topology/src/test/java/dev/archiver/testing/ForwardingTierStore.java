package dev.archiver.testing;

import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A tier store that passes everything to a real one: tests override what they break or slow down.
 */
public abstract class ForwardingTierStore implements TierStore {

  protected final TierStore delegate;

  protected ForwardingTierStore(TierStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
    return delegate.put(key, writer);
  }

  @Override
  public InputStream open(String key) throws IOException {
    return delegate.open(key);
  }

  @Override
  public InputStream openRange(String key, long offset, long length) throws IOException {
    return delegate.openRange(key, offset, length);
  }

  @Override
  public long size(String key) throws IOException {
    return delegate.size(key);
  }

  @Override
  public ObjectInfo stat(String key) throws IOException {
    return delegate.stat(key);
  }

  @Override
  public boolean exists(String key) throws IOException {
    return delegate.exists(key);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    return delegate.list(prefix);
  }

  @Override
  public void delete(String key) throws IOException {
    delegate.delete(key);
  }

  @Override
  public String location(String key) {
    return delegate.location(key);
  }
}
