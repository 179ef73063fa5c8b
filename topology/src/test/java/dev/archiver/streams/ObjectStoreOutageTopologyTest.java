package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.spool.ChunkSpool;
import dev.archiver.connectors.spool.PlanCopies;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.ForwardingTierStore;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.tier.TierStoreException;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.ManifestCheck;
import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.StorageTier;
import dev.archiver.events.TargetSpec;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object-store tier that stops answering mid-run: chunks wait in the local spool and the run
 * waits with them; when the store answers again the spool drains, checked, and the run completes
 * with every chunk stored once. The real S3 path (S3Proxy stopped and started) is
 * ObjectStoreOutageIT.
 */
class ObjectStoreOutageTopologyTest {

  private static final Map<String, String> SETTINGS = Map.of(ConfigKeys.CHUNK_SIZE.name(), "4KiB");

  @TempDir Path dataDir;
  private TopologyFixture fx;
  private OutageStore standard;
  private ChunkSpool spool;

  private void start(long spoolBytes) throws IOException {
    standard = new OutageStore(new FilesystemTierStore(dataDir.resolve("tier-standard")));
    spool =
        ChunkSpool.open(
            dataDir.resolve("spool"), spoolBytes, Duration.ofDays(7), Clock.systemUTC());
    fx =
        new TopologyFixture(
            dataDir,
            dataDir.resolve("streams"),
            SETTINGS,
            UnaryOperator.identity(),
            WorkPools.direct(),
            // As TierSetup wraps every object-store tier when the spool is on.
            Map.of(
                StorageTier.S3_STANDARD,
                new PlanCopies(
                    standard,
                    dataDir.resolve("spool/plans"),
                    Duration.ofDays(7),
                    Clock.systemUTC())),
            spool);
  }

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  /** Pipes a request for a tree of about six chunks; the store goes down after the first. */
  private String requestArchive(String runId) throws IOException {
    return requestArchive(runId, 1);
  }

  /** As above, the store going down after {@code chunks} chunk writes (0: before the plan). */
  private String requestArchive(String runId, int chunks) throws IOException {
    Path root = Files.createDirectories(fx.sourceRoot.resolve(runId));
    for (int i = 0; i < 3; i++) {
      Files.writeString(root.resolve("f" + i + ".txt"), (runId + " line " + i + "\n").repeat(500));
    }
    var request = archiveRequest(runId, "file:" + root);
    request.setTarget(TargetSpec.newBuilder().setTier(StorageTier.S3_STANDARD).build());
    if (chunks == 0) {
      standard.down.set(true);
    } else {
      standard.goDownAfterChunks(chunks);
    }
    fx.input(fx.topics.archiveRequests).pipeInput(runId, request);
    return ArchiveKeys.archiveId(runId);
  }

  @Test
  void shouldSpoolChunksWhileTheStoreIsDownAndCompleteOnlyOnceTheyAreDrained() throws Exception {
    start(1 << 20);
    String archiveId = requestArchive("outage-run");

    assertThat(fx.drain(fx.topics.archiveCompleted)).isEmpty();
    assertThat(fx.drain(fx.topics.archiveFailed)).isEmpty();
    assertThat(standard.down.get()).isTrue();
    assertThat(spool.chunks()).as("every chunk after the first waits in the spool").isPositive();
    int spooled = spool.chunks();

    fx.driver.advanceWallClockTime(Duration.ofMinutes(1));
    assertThat(fx.drain(fx.topics.archiveCompleted))
        .as("still down: nothing completes, nothing is lost")
        .isEmpty();
    assertThat(spool.chunks()).isEqualTo(spooled);

    standard.down.set(false);
    fx.driver.advanceWallClockTime(Duration.ofMinutes(1));

    List<TestRecord<String, ArchiveCompleted>> done = fx.drain(fx.topics.archiveCompleted);
    assertThat(done).hasSize(1);
    ArchiveCompleted completed = done.get(0).value();
    assertThat(completed.getChunkCount()).isEqualTo(spooled + 1);
    assertThat(spool.chunks()).isZero();
    assertThat(spool.usedBytes()).isZero();
    assertThat(standard.chunksStored)
        .as("each chunk stored exactly once")
        .hasSize(completed.getChunkCount())
        .allSatisfy((key, times) -> assertThat(times.get()).isEqualTo(1));
    assertThat(intact(archiveId, completed.getManifestSha256())).isTrue();
  }

  @Test
  void shouldHoldChunksThatFindTheSpoolFullUntilTheStoreAnswers() throws Exception {
    start(1); // no chunk fits
    requestArchive("no-room-run");

    assertThat(fx.drain(fx.topics.archiveCompleted)).isEmpty();
    assertThat(fx.drain(fx.topics.archiveFailed)).isEmpty();
    assertThat(spool.chunks()).isZero();

    standard.down.set(false);
    fx.driver.advanceWallClockTime(Duration.ofMinutes(1));

    List<TestRecord<String, ArchiveCompleted>> done = fx.drain(fx.topics.archiveCompleted);
    assertThat(done).hasSize(1);
    assertThat(
            intact(ArchiveKeys.archiveId("no-room-run"), done.get(0).value().getManifestSha256()))
        .isTrue();
  }

  @Test
  void shouldWaitToWriteThePlanWhileTheStoreIsDownFromTheStart() throws Exception {
    start(1 << 20);
    requestArchive("down-from-start", 0);
    for (int i = 0; i < 10; i++) {
      fx.driver.advanceWallClockTime(Duration.ofMinutes(5));
    }
    assertThat(fx.drain(fx.topics.archiveFailed)).as("waits, however long").isEmpty();
    assertThat(fx.drain(fx.topics.archiveCompleted)).isEmpty();

    standard.down.set(false);
    fx.driver.advanceWallClockTime(Duration.ofMinutes(1));

    List<TestRecord<String, ArchiveCompleted>> done = fx.drain(fx.topics.archiveCompleted);
    assertThat(done).hasSize(1);
    assertThat(
            intact(
                ArchiveKeys.archiveId("down-from-start"), done.get(0).value().getManifestSha256()))
        .isTrue();
  }

  @Test
  void shouldWaitToWriteTheManifestWhenTheStoreGoesDownAfterTheLastChunk() throws Exception {
    start(1 << 20);
    standard.downAtManifest.set(true);
    String archiveId = requestArchive("down-at-manifest", Integer.MAX_VALUE);
    assertThat(standard.down.get()).isTrue();
    int chunks = standard.chunksStored.size();
    for (int i = 0; i < 10; i++) {
      fx.driver.advanceWallClockTime(Duration.ofMinutes(5));
    }
    assertThat(fx.drain(fx.topics.archiveFailed)).isEmpty();
    assertThat(fx.drain(fx.topics.archiveCompleted)).isEmpty();

    standard.down.set(false);
    fx.driver.advanceWallClockTime(Duration.ofMinutes(1));

    List<TestRecord<String, ArchiveCompleted>> done = fx.drain(fx.topics.archiveCompleted);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).value().getChunkCount()).isEqualTo(chunks);
    assertThat(intact(archiveId, done.get(0).value().getManifestSha256())).isTrue();
  }

  @Test
  void shouldFailTheRunWhenTheStoreRefusesForGoodNotWaitForever() throws Exception {
    start(1 << 20);
    standard.refuseForGood.set(true);
    requestArchive("refused-run");
    for (int i = 0; i < 10; i++) {
      fx.driver.advanceWallClockTime(Duration.ofMinutes(5));
    }

    assertThat(fx.drain(fx.topics.archiveFailed)).hasSize(1);
    assertThat(spool.chunks()).isZero();
  }

  /** The manifest matches the completion's hash and every chunk reads back whole (deep). */
  private boolean intact(String archiveId, String manifestSha256) throws IOException {
    ManifestCheck manifest = ArchiveVerifier.checkManifest(standard, archiveId, manifestSha256);
    if (!manifest.ok()) {
      return false;
    }
    for (ManifestChunk chunk : manifest.manifest().chunks()) {
      if (!ArchiveVerifier.checkChunk(standard, chunk, true).ok()) {
        return false;
      }
    }
    return true;
  }

  /**
   * A filesystem store standing in for S3 that can become unreachable (a retriable failure, as a
   * refused connection is) or refuse for good (a permanent one, as access denied is).
   */
  static final class OutageStore extends ForwardingTierStore {

    final AtomicBoolean down = new AtomicBoolean();
    final AtomicBoolean refuseForGood = new AtomicBoolean();
    final AtomicBoolean downAtManifest = new AtomicBoolean();
    final Map<String, AtomicInteger> chunksStored = new ConcurrentHashMap<>();
    private final AtomicInteger chunksBeforeOutage = new AtomicInteger(Integer.MAX_VALUE);

    OutageStore(TierStore delegate) {
      super(delegate);
    }

    void goDownAfterChunks(int chunks) {
      chunksBeforeOutage.set(chunks);
    }

    private void check(String key) throws IOException {
      if (down.get()) {
        throw new TierStoreException("connection refused: " + key, true);
      }
    }

    @Override
    public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
      if (key.endsWith("/manifest.json") && downAtManifest.getAndSet(false)) {
        down.set(true);
      }
      check(key);
      boolean chunk = key.contains("/chunk-");
      if (chunk && refuseForGood.get()) {
        throw new TierStoreException("access denied: " + key, false);
      }
      T result = delegate.put(key, writer);
      if (chunk) {
        chunksStored.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (chunksBeforeOutage.decrementAndGet() == 0) {
          down.set(true);
        }
      }
      return result;
    }

    @Override
    public InputStream open(String key) throws IOException {
      check(key);
      return delegate.open(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
      check(key);
      return delegate.exists(key);
    }
  }
}
