package dev.archiver.streams.integrity;

import dev.archiver.streams.common.RecentCache;
import dev.archiver.streams.common.Sinks;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.ChunkCheck;
import dev.archiver.events.ChunkProblem;
import dev.archiver.events.ChunkProblemKind;
import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.BackgroundJobs;
import dev.archiver.streams.work.Finished;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-reads one stored chunk and compares it with its manifest entry: presence, size, SHA-256 of the stored bytes
 * and, for a deep check, of the unpacked content. The reading runs on a chunk-pool thread; the answer goes back
 * keyed by the check id.
 */
public final class VerifyChunk extends ContextualProcessor<String, ChunkTask, String, Object> {

  public static final String NAME = "verify-chunk";

  private final TierStores tiers;
  private final RecentCache<String, Manifest> manifests;
  private final BackgroundJobs<ChunkTask, ChunkResult> jobs;

  /** @param manifests shared by every task: the chunks of one archive are on several partitions */
  public VerifyChunk(TierStores tiers, WorkPools pools, RecentCache<String, Manifest> manifests) {
    this.tiers = tiers;
    this.manifests = manifests;
    this.jobs = new BackgroundJobs<>(StoreNames.CHUNK_VERIFIES_PENDING, pools, WorkPools.Pool.CHUNKS, (key, task) -> () -> verify(task));
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    jobs.init(context, this::report);
  }

  @Override
  public void process(Record<String, ChunkTask> record) {
    ChunkTask task = record.value();
    jobs.start(task.getCheckId() + "/" + task.getArchiveId() + "#" + task.getChunkIndex(), task);
    jobs.deliver();
  }

  @Override
  public void close() {
    jobs.close();
  }

  private void report(Finished<ChunkTask, ChunkResult> done) {
    ChunkResult result = done.failed() ? unreadable(done.job(), done.failure(), 0) : done.result();
    context().forward(new Record<>(done.job().getCheckId(), result, context().currentSystemTimeMs()), Sinks.CHUNK_RESULTS);
  }

  /** Runs on a pool thread. */
  private ChunkResult verify(ChunkTask task) {
    long started = System.nanoTime();
    TierStore store = tiers.get(task.getTier());
    try {
      ManifestChunk chunk = manifest(store, task.getArchiveId()).chunks().get(task.getChunkIndex());
      ChunkCheck check = ArchiveVerifier.checkChunk(store, chunk, task.getDeep());
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
          .setDurationMs((System.nanoTime() - started) / 1_000_000)
          .build();
    } catch (IOException | RuntimeException e) {
      return unreadable(task, e, (System.nanoTime() - started) / 1_000_000);
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
    return ChunkResult.newBuilder().setTask(task).setOk(false).setProblem(problem).setDurationMs(durationMs).build();
  }

  private Manifest manifest(TierStore store, String archiveId) throws IOException {
    return manifests.get(store.location(archiveId), id -> Manifests.read(store, archiveId));
  }
}
