package dev.archiver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The archiver's own series. Kafka Streams' series are bound beside them by the service. */
public final class ArchiverMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger runsInFlight = new AtomicInteger();

  public ArchiverMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("archiver.runs.in.flight", runsInFlight);
  }

  /** A registry of its own, for tests and tools that do not export metrics. */
  public static ArchiverMetrics standalone() {
    return new ArchiverMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Jobs running on the work pools beside the stream threads (planning, chunks, manifests,
   * restores, expiry).
   */
  public void watchJobs(java.util.function.Supplier<Number> running) {
    io.micrometer.core.instrument.Gauge.builder("archiver.jobs.running", running)
        .description("Jobs running on the work pools beside the stream threads")
        .register(registry);
  }

  /**
   * Per tier: archives and bytes stored, from the catalog; for a filesystem tier also its free and
   * total space, which the storage alerts (80%, 95%) watch.
   *
   * @param usage tier name to {archives, bytes}; read at most every 30 s (a catalog scan)
   */
  public void watchTiers(
      java.util.Set<String> tiers,
      java.util.function.Supplier<java.util.Map<String, long[]>> usage,
      java.nio.file.Path filesystemTier) {
    CachedUsage cached = new CachedUsage(usage, java.time.Duration.ofSeconds(30));
    for (String tier : tiers) {
      io.micrometer.core.instrument.Gauge.builder(
              "archiver.tier.archives", () -> cached.get().getOrDefault(tier, new long[2])[0])
          .description("Archives in the tier, from the catalog")
          .tag("tier", tier)
          .register(registry);
      io.micrometer.core.instrument.Gauge.builder(
              "archiver.tier.stored", () -> cached.get().getOrDefault(tier, new long[2])[1])
          .description("Bytes the tier's archives take (compressed), from the catalog")
          .baseUnit("bytes")
          .tag("tier", tier)
          .register(registry);
    }
    io.micrometer.core.instrument.Gauge.builder(
            "archiver.tier.free", filesystemTier, path -> space(path, true))
        .description("Free space of the filesystem tier's file system")
        .baseUnit("bytes")
        .tag("tier", "FILESYSTEM")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder(
            "archiver.tier.capacity", filesystemTier, path -> space(path, false))
        .description("Total space of the filesystem tier's file system")
        .baseUnit("bytes")
        .tag("tier", "FILESYSTEM")
        .register(registry);
  }

  /**
   * The outage spool (bytes and chunks waiting for their object store, and its bound), and per
   * object-store tier whether the chunk writers last found it unreachable (1) or not (0).
   */
  public void watchSpool(
      java.util.function.Supplier<Number> usedBytes,
      java.util.function.Supplier<Number> chunks,
      long maxBytes,
      java.util.Map<String, java.util.function.BooleanSupplier> unreachable) {
    io.micrometer.core.instrument.Gauge.builder("archiver.spool.used", usedBytes)
        .description("Bytes of chunks in the local spool, waiting for their object store")
        .baseUnit("bytes")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("archiver.spool.chunks", chunks)
        .description("Chunks in the local spool, waiting for their object store")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("archiver.spool.capacity", () -> maxBytes)
        .description("The most the local spool may hold (tier.spool.max-bytes)")
        .baseUnit("bytes")
        .register(registry);
    unreachable.forEach(
        (tier, down) ->
            io.micrometer.core.instrument.Gauge.builder(
                    "archiver.tier.unreachable", () -> down.getAsBoolean() ? 1 : 0)
                .description("1 while chunk writes find the tier's object store unreachable")
                .tag("tier", tier)
                .register(registry));
  }

  /** A chunk went into the spool, was drained from it, or was discarded as damaged. */
  public void spool(String outcome) {
    Counter.builder("archiver.spool.chunks.moved")
        .description("Chunks spooled, drained to their tier, or discarded as damaged")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  private static double space(java.nio.file.Path path, boolean free) {
    try {
      java.nio.file.FileStore store = java.nio.file.Files.getFileStore(path);
      return free ? store.getUsableSpace() : store.getTotalSpace();
    } catch (java.io.IOException e) {
      return Double.NaN;
    }
  }

  /** The last catalog summary, recomputed when older than its time to live. */
  private static final class CachedUsage {
    private final java.util.function.Supplier<java.util.Map<String, long[]>> source;
    private final long ttlNanos;
    private java.util.Map<String, long[]> value = java.util.Map.of();
    private long readAt;
    private boolean read;

    CachedUsage(
        java.util.function.Supplier<java.util.Map<String, long[]>> source, java.time.Duration ttl) {
      this.source = source;
      this.ttlNanos = ttl.toNanos();
    }

    synchronized java.util.Map<String, long[]> get() {
      long now = System.nanoTime();
      if (!read || now - readAt > ttlNanos) {
        value = source.get();
        readAt = now;
        read = true;
      }
      return value;
    }
  }

  public void requestAccepted(String topic) {
    Counter.builder("archiver.requests.accepted")
        .description("Requests that passed validation")
        .tag("topic", topic)
        .register(registry)
        .increment();
  }

  public void deadLettered(String topic, String reason) {
    Counter.builder("archiver.dead.letters")
        .description("Inputs sent to archiver.dlq, by source topic and reason code")
        .tag("topic", topic)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void archiveCompleted(long bytesIn, long bytesOut) {
    Counter.builder("archiver.archives.completed")
        .description("Runs archived")
        .register(registry)
        .increment();
    Counter.builder("archiver.bytes.in")
        .description("Source bytes archived")
        .register(registry)
        .increment((double) bytesIn);
    Counter.builder("archiver.bytes.out")
        .description("Bytes written to tiers")
        .register(registry)
        .increment((double) bytesOut);
  }

  public void archiveFailed(String reason) {
    Counter.builder("archiver.archives.failed")
        .description("Runs that ended without an archive, by reason code")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void chunkWritten(Duration took) {
    Timer.builder("archiver.chunk.duration")
        .description("Time to read, pack, compress, hash and write one chunk")
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  public void chunkRetried() {
    Counter.builder("archiver.chunk.retries")
        .description("Chunk attempts scheduled again after a failure")
        .register(registry)
        .increment();
  }

  public void integrityFailed(String reason) {
    Counter.builder("archiver.integrity.failures")
        .description(
            "Problems found by integrity checks, by kind (MISSING, TRUNCATED, MISMATCHED, UNREADABLE, MANIFEST)")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** An archive left the catalog by retention ({@code purged}) or was spared by a legal hold. */
  public void lifecycle(String outcome) {
    Counter.builder("archiver.archives.lifecycle")
        .description("Archives purged, spared by legal hold, or whose purge failed")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  public void runStarted() {
    runsInFlight.incrementAndGet();
  }

  public void runEnded() {
    runsInFlight.decrementAndGet();
  }

  /** The sum of every counter of that name carrying the given tags (key, value, ...). */
  public double count(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }
}
