package dev.archiver.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.ForwardingTierStore;
import dev.archiver.connectors.tier.ObjectFrozenException;
import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.CheckDepth;
import dev.archiver.events.IntegrityCheckCompleted;
import dev.archiver.events.StorageTier;
import dev.archiver.events.TargetSpec;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check of an archive in a cold class says how deeply its chunks could be checked: a deep check
 * of frozen chunks compares the object store's stored SHA-256 only, and the result says so.
 */
class ColdIntegrityCheckTopologyTest {

  @TempDir Path dataDir;
  private TopologyFixture fx;
  private FrozenChunks glacier;

  @BeforeEach
  void setUp() throws IOException {
    glacier = new FrozenChunks(new FilesystemTierStore(dataDir.resolve("tier-glacier")));
    fx =
        new TopologyFixture(
            dataDir,
            dataDir.resolve("streams"),
            Map.of(ConfigKeys.CHUNK_SIZE.name(), "4KiB"),
            UnaryOperator.identity(),
            WorkPools.direct(),
            Map.of(StorageTier.S3_GLACIER, glacier));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private String archive(String runId, StorageTier tier) throws IOException {
    Path root = Files.createDirectories(fx.sourceRoot.resolve(runId));
    byte[] big = new byte[20_000];
    new Random(runId.hashCode()).nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    ArchiveRequested request = TopologyFixture.archiveRequest(runId, "file:" + root);
    request.setTarget(TargetSpec.newBuilder().setTier(tier).build());
    fx.input(fx.topics.archiveRequests).pipeInput(runId, request);
    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(1);
    return ArchiveKeys.archiveId(runId);
  }

  private List<IntegrityCheckCompleted> check(String checkId, String archiveId, boolean deep) {
    fx.input(fx.topics.integrityRequests)
        .pipeInput(checkId, TopologyFixture.archiveCheck(checkId, archiveId, deep));
    List<IntegrityCheckCompleted> results =
        fx.drain(fx.topics.integrityResults).stream()
            .map(TestRecord::value)
            .filter(r -> r.getCheckId().equals(checkId))
            .toList();
    assertThat(results).as("one result and the summary").hasSize(2);
    return results;
  }

  @Test
  void shouldSayADeepCheckOfAFrozenArchiveComparedTheStoredChecksumsOnly() throws IOException {
    String archiveId = archive("cold-1", StorageTier.S3_GLACIER);
    int chunks =
        (int)
            glacier.list(ArchiveKeys.prefix(archiveId)).stream()
                .filter(key -> !ArchiveKeys.isMetadata(key))
                .count();
    assertThat(chunks).isGreaterThan(3);

    List<IntegrityCheckCompleted> results = check("check-cold", archiveId, true);

    IntegrityCheckCompleted archive = results.get(0);
    assertThat(archive.getSummary()).isFalse();
    assertThat(archive.getOk()).as("a frozen archive is no damaged one").isTrue();
    assertThat(archive.getDepth()).isEqualTo(CheckDepth.STORED_CHECKSUM);
    assertThat(archive.getChunksChecked()).isEqualTo(chunks);
    assertThat(archive.getChunksByStoredChecksum()).isEqualTo(chunks);
    assertThat(glacier.chunkReads.get())
        .as("the deep check tried each chunk, was refused, and fell back")
        .isEqualTo(chunks);
    IntegrityCheckCompleted summary = results.get(1);
    assertThat(summary.getSummary()).isTrue();
    assertThat(summary.getDepth()).isEqualTo(CheckDepth.STORED_CHECKSUM);
    assertThat(summary.getChunksChecked()).isEqualTo(chunks);
    assertThat(summary.getChunksByStoredChecksum()).isEqualTo(chunks);
  }

  @Test
  void shouldReportAStoredChecksumThatDiffersFromTheManifestOfAFrozenChunk() throws IOException {
    String archiveId = archive("cold-2", StorageTier.S3_GLACIER);
    glacier.wrongChecksumFor = ArchiveKeys.chunkKey(archiveId, 1);

    IntegrityCheckCompleted archive = check("check-cold-bad", archiveId, true).get(0);

    assertThat(archive.getOk()).isFalse();
    assertThat(archive.getProblems()).hasSize(1);
    assertThat(archive.getProblems().get(0).getChunkIndex()).isEqualTo(1);
    assertThat(archive.getProblems().get(0).getActual()).startsWith("stored sha256=");
    assertThat(archive.getDepth()).isEqualTo(CheckDepth.STORED_CHECKSUM);
  }

  @Test
  void shouldSayTheFilesystemTierWasCheckedAsDeeplyAsAsked() throws IOException {
    String archiveId = archive("hot-1", StorageTier.FILESYSTEM);

    List<IntegrityCheckCompleted> deep = check("check-deep", archiveId, true);
    List<IntegrityCheckCompleted> shallow = check("check-shallow", archiveId, false);

    assertThat(deep.get(0).getDepth()).isEqualTo(CheckDepth.CONTENT);
    assertThat(deep.get(0).getChunksChecked()).isGreaterThan(3);
    assertThat(deep.get(0).getChunksByStoredChecksum()).isZero();
    assertThat(deep.get(1).getDepth()).isEqualTo(CheckDepth.CONTENT);
    assertThat(shallow.get(0).getDepth()).isEqualTo(CheckDepth.STORED_BYTES);
    assertThat(shallow.get(0).getChunksByStoredChecksum()).isZero();
  }

  /**
   * A cold class as S3 shows it: chunks report their storage class and stored SHA-256 but cannot be
   * read without a thaw; manifests and plans read at once (they are kept in a readable class).
   */
  static final class FrozenChunks extends ForwardingTierStore {
    final AtomicInteger chunkReads = new AtomicInteger();
    volatile String wrongChecksumFor;

    FrozenChunks(TierStore delegate) {
      super(delegate);
    }

    private static boolean chunk(String key) {
      return key.contains("/chunk-");
    }

    @Override
    public ObjectInfo stat(String key) throws IOException {
      if (!chunk(key)) {
        return delegate.stat(key);
      }
      String sha256;
      try (InputStream in = delegate.open(key)) {
        sha256 = Sha256.of(in.readAllBytes());
      }
      return new ObjectInfo(
          delegate.size(key),
          "GLACIER",
          Optional.of(key.equals(wrongChecksumFor) ? "0".repeat(64) : sha256));
    }

    @Override
    public InputStream open(String key) throws IOException {
      frozen(key);
      return delegate.open(key);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) throws IOException {
      frozen(key);
      return delegate.openRange(key, offset, length);
    }

    private void frozen(String key) throws ObjectFrozenException {
      if (chunk(key)) {
        chunkReads.incrementAndGet();
        throw new ObjectFrozenException(key, new IOException("InvalidObjectState"));
      }
    }
  }
}
