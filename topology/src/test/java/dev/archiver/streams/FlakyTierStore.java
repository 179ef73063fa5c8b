package dev.archiver.streams;

import dev.archiver.connectors.tier.ForwardingTierStore;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** A real filesystem tier with an outage in front: the first {@code failures} chunk writes fail. */
final class FlakyTierStore extends ForwardingTierStore {

  private final AtomicInteger failuresLeft;
  final AtomicInteger chunkPuts = new AtomicInteger();

  FlakyTierStore(TierStore delegate, int failures) {
    super(delegate);
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
}
