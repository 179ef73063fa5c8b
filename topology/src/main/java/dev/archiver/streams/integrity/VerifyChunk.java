package dev.archiver.streams.integrity;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.tier.ObjectFrozenException;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.ChunkCheck;
import dev.archiver.events.CheckDepth;
import dev.archiver.events.ChunkProblem;
import dev.archiver.events.ChunkProblemKind;
import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.streams.chunks.ChunkWorker;
import dev.archiver.streams.common.RecentCache;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;

/**
 * Re-reads one stored chunk and compares it with its manifest entry: presence, size, SHA-256 of the
 * stored bytes and, for a deep check, of the unpacked content. The reading runs on a chunk-pool
 * thread; the answer goes back keyed by the check id.
 */
public final class VerifyChunk extends ChunkWorker {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VerifyChunk.class);

  public static final String NAME = "verify-chunk";

  private final TierStores tiers;
  private final RecentCache<String, Manifest> manifests;

  /**
   * @param manifests shared by every task: the chunks of one archive are on several partitions
   */
  public VerifyChunk(TierStores tiers, WorkPools pools, RecentCache<String, Manifest> manifests) {
    super(StoreNames.CHUNK_VERIFIES_PENDING, pools);
    this.tiers = tiers;
    this.manifests = manifests;
  }

  @Override
  protected String jobKey(ChunkTask task) {
    return task.getCheckId() + "/" + task.getArchiveId() + "#" + task.getChunkIndex();
  }

  @Override
  protected String resultKey(ChunkTask task) {
    return task.getCheckId();
  }

  @Override
  protected ChunkResult failed(ChunkTask task, Throwable failure) {
    return unreadable(task, failure, 0);
  }

  /** Runs on a pool thread. */
  @Override
  protected ChunkResult work(ChunkTask task) {
    long started = System.nanoTime();
    TierStore store = tiers.get(task.getTier());
    try {
      ManifestChunk chunk = manifest(store, task.getArchiveId()).chunks().get(task.getChunkIndex());
      ChunkCheck check = check(store, chunk, task);
      ChunkProblem problem =
          check.ok()
              ? null
              : ChunkProblem.newBuilder()
                  .setChunkIndex(chunk.index())
                  .setKey(chunk.key())
                  .setKind(ChunkProblemKind.valueOf(check.kind().name()))
                  .setExpected(check.expected())
                  .setActual(check.actual())
                  .build();
      return ChunkResult.newBuilder()
          .setTask(task)
          .setOk(problem == null)
          .setProblem(problem)
          .setDepth(check.depth() == null ? null : CheckDepth.valueOf(check.depth().name()))
          .setDurationMs((System.nanoTime() - started) / 1_000_000)
          .build();
    } catch (IOException | RuntimeException e) {
      return unreadable(task, e, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * A deep check reads the chunk; one in a cold class (GLACIER, DEEP_ARCHIVE) cannot be read
   * without a thaw, so it is checked as deeply as that allows: S3's stored SHA-256 against the
   * manifest's, and the result says so (depth STORED_CHECKSUM). A frozen object is not a damaged
   * one, and must not be reported as one.
   */
  private static ChunkCheck check(TierStore store, ManifestChunk chunk, ChunkTask task)
      throws IOException {
    try {
      return ArchiveVerifier.checkChunk(store, chunk, task.getDeep());
    } catch (ObjectFrozenException frozen) {
      LOG.info(
          "event=chunk_checked_shallow check={} archive={} chunk={} reason=\"cold class, not thawed: the stored checksum is checked, the bytes are not read\"",
          task.getCheckId(),
          task.getArchiveId(),
          chunk.index());
      return ArchiveVerifier.checkChunk(store, chunk, false);
    }
  }

  private static ChunkResult unreadable(ChunkTask task, Throwable e, long durationMs) {
    ChunkProblem problem =
        ChunkProblem.newBuilder()
            .setChunkIndex(task.getChunkIndex())
            .setKey(String.valueOf(task.getArchiveId()) + "#" + task.getChunkIndex())
            .setKind(ChunkProblemKind.UNREADABLE)
            .setExpected("a readable chunk")
            .setActual(e.getClass().getSimpleName() + ": " + e.getMessage())
            .build();
    return ChunkResult.newBuilder()
        .setTask(task)
        .setOk(false)
        .setProblem(problem)
        .setDurationMs(durationMs)
        .build();
  }

  private Manifest manifest(TierStore store, String archiveId) throws IOException {
    return manifests.get(store.location(archiveId), id -> Manifests.read(store, archiveId));
  }
}
