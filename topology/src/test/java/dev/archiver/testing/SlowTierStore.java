package dev.archiver.testing;

import dev.archiver.connectors.tier.ForwardingTierStore;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real tier behind a slow link: writes and reads of the keys a rule names take as long as the
 * rule says.
 */
public final class SlowTierStore extends ForwardingTierStore {

  /** Slows the puts or opens of matching keys. */
  public record Rule(
      String what, Predicate<String> keys, boolean onPut, boolean onOpen, Duration delay) {}

  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  public final AtomicInteger delayed = new AtomicInteger();

  public SlowTierStore(TierStore delegate) {
    super(delegate);
  }

  public void slowPuts(Predicate<String> keys, Duration delay) {
    rules.add(new Rule("put", keys, true, false, delay));
  }

  public void slowOpens(Predicate<String> keys, Duration delay) {
    rules.add(new Rule("open", keys, false, true, delay));
  }

  public void clear() {
    rules.clear();
  }

  private void delay(String key, boolean put) throws IOException {
    for (Rule rule : rules) {
      if ((put ? rule.onPut() : rule.onOpen()) && rule.keys().test(key)) {
        delayed.incrementAndGet();
        try {
          Thread.sleep(rule.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while slowed", e);
        }
      }
    }
  }

  @Override
  public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
    delay(key, true);
    return delegate.put(key, writer);
  }

  @Override
  public InputStream open(String key) throws IOException {
    delay(key, false);
    return delegate.open(key);
  }
}
