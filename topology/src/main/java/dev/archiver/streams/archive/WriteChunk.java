package dev.archiver.streams.archive;

import dev.archiver.connectors.file.SourceReadException;
import dev.archiver.connectors.file.TarLayout;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.pack.ChunkPacker;
import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.plan.StoredPlans;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.ReasonCode;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.chunks.ChunkWorker;
import dev.archiver.streams.common.Messages;
import dev.archiver.streams.common.RecentCache;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.NotReadyYet;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The sink processor: renders one byte range of a run's tar stream, compresses it as one zstd
 * frame, hashes it and writes it to the tier under a deterministic key, then reports the result.
 * The work runs on a chunk-pool thread, outside Kafka's transaction, and may run twice after a
 * crash: the key and bytes are the same each time. While the tier's object store is unreachable the
 * chunk goes through the local spool ({@link ChunkDelivery}).
 */
public final class WriteChunk extends ChunkWorker {

  public static final String NAME = "write-chunk";
  private static final Logger LOG = LoggerFactory.getLogger(WriteChunk.class);

  private final TierStores tiers;
  private final ChunkDelivery delivery;
  private final ArchiverMetrics metrics;
  private final RecentCache<String, TarLayout> plans;

  /**
   * @param plans shared by every task: the chunks of one run are on several partitions
   */
  public WriteChunk(
      TierStores tiers,
      ArchiverMetrics metrics,
      WorkPools pools,
      RecentCache<String, TarLayout> plans) {
    super(StoreNames.CHUNK_WRITES_PENDING, pools);
    this.tiers = tiers;
    this.delivery = new ChunkDelivery(tiers, metrics);
    this.metrics = metrics;
    this.plans = plans;
  }

  @Override
  protected String jobKey(ChunkTask task) {
    return PlanRun.taskKey(task);
  }

  @Override
  protected String resultKey(ChunkTask task) {
    return task.getRunId();
  }

  /** Runs on a pool thread. */
  @Override
  protected ChunkResult work(ChunkTask task) throws NotReadyYet {
    long started = System.nanoTime();
    ChunkResult.Builder result = ChunkResult.newBuilder().setTask(task);
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", task.getRunId())) {
      TierStore store = tiers.get(task.getTier());
      String key = ArchiveKeys.chunkKey(task.getArchiveId(), task.getChunkIndex());
      PackedChunk packed =
          delivery.deliver(
              task.getTier(),
              key,
              maxStoredBytes(task),
              (into, intoKey) ->
                  new ChunkPacker(into, task.getCompressionLevel())
                      .pack(plan(store, task), task.getChunkIndex(), intoKey));
      result
          .setOk(true)
          .setObjectKey(packed.key())
          .setBytesIn(packed.bytesIn())
          .setBytesOut(packed.bytesOut())
          .setSha256In(packed.sha256In())
          .setSha256Out(packed.sha256Out());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      metrics.chunkWritten(took);
      LOG.debug(
          "event=chunk_written chunk={} bytes_in={} bytes_out={} level={} ms={}",
          task.getChunkIndex(),
          packed.bytesIn(),
          packed.bytesOut(),
          packed.level(),
          took.toMillis());
    } catch (SourceReadException e) {
      result
          .setOk(false)
          .setReason(RunReporter.reasonOf(e))
          .setMessage(Messages.cap(e.getMessage()));
    } catch (IOException | RuntimeException e) {
      result
          .setOk(false)
          .setReason(ReasonCode.STORAGE_UNAVAILABLE)
          .setMessage(Messages.cap(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    return result.setDurationMs(Duration.ofNanos(System.nanoTime() - started).toMillis()).build();
  }

  @Override
  protected ChunkResult failed(ChunkTask task, Throwable e) {
    return ChunkResult.newBuilder()
        .setTask(task)
        .setOk(false)
        .setReason(ReasonCode.INTERNAL_ERROR)
        .setMessage(Messages.cap(e.getClass().getSimpleName() + ": " + e.getMessage()))
        .build();
  }

  /**
   * The most a chunk can store: its range, plus zstd's framing of incompressible blocks (a few
   * bytes per 128 KiB block).
   */
  private static long maxStoredBytes(ChunkTask task) {
    long length = task.getRangeEnd() - task.getRangeStart();
    return length + length / 1024 + 4096;
  }

  /**
   * A retried run rewrites its plan under the same key: the cache is by key and generation. What is
   * cached of a paged plan is its index; the packer reads the pages of this chunk's range.
   */
  private TarLayout plan(TierStore store, ChunkTask task) throws IOException {
    return plans.get(
        store.location(task.getPlanKey()) + "@" + task.getGeneration(),
        ignored -> StoredPlans.open(store, task.getPlanKey()));
  }
}
