package dev.archiver.streams;

import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real filesystem tier with an outage in front: the first {@code failures} chunk writes fail. */
final class FlakyTierStore implements TierStore {

  private final TierStore delegate;
  private final AtomicInteger failuresLeft;
  final AtomicInteger chunkPuts = new AtomicInteger();

  FlakyTierStore(TierStore delegate, int failures) {
    this.delegate = delegate;
    this.failuresLeft = new AtomicInteger(failures);
  }

  @Override
  public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
    if (key.contains("/chunk-")) {
      chunkPuts.incrementAndGet();
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IOException("simulated outage writing " + key);
      }
    }
    return delegate.put(key, writer);
  }

  @Override
  public InputStream open(String key) throws IOException {
    return delegate.open(key);
  }

  @Override
  public long size(String key) throws IOException {
    return delegate.size(key);
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
