package dev.archiver.streams.archive;

import dev.archiver.streams.common.RecentCache;
import dev.archiver.streams.common.Sinks;

import dev.archiver.connectors.file.SourceReadException;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.pack.ChunkPacker;
import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.ReasonCode;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.BackgroundJobs;
import dev.archiver.streams.work.Finished;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The sink processor: renders one byte range of a run's tar stream, compresses it as one zstd frame, hashes it
 * and writes it to the tier under a deterministic key, then reports the result. The work runs on a chunk-pool
 * thread, outside Kafka's transaction, and may run twice after a crash: the key and bytes are the same each time.
 */
public final class WriteChunk extends ContextualProcessor<String, ChunkTask, String, Object> {

  public static final String NAME = "write-chunk";
  private static final Logger LOG = LoggerFactory.getLogger(WriteChunk.class);

  private final TierStores tiers;
  private final ArchiverMetrics metrics;
  private final RecentCache<String, TarPlan> plans;
  private final BackgroundJobs<ChunkTask, ChunkResult> jobs;

  /** @param plans shared by every task: the chunks of one run are on several partitions */
  public WriteChunk(TierStores tiers, ArchiverMetrics metrics, WorkPools pools, RecentCache<String, TarPlan> plans) {
    this.tiers = tiers;
    this.metrics = metrics;
    this.plans = plans;
    this.jobs = new BackgroundJobs<>(StoreNames.CHUNK_WRITES_PENDING, pools, WorkPools.Pool.CHUNKS, (key, task) -> () -> write(task));
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    jobs.init(context, this::report);
  }

  @Override
  public void process(Record<String, ChunkTask> record) {
    jobs.start(PlanRun.taskKey(record.value()), record.value());
    jobs.deliver();
  }

  @Override
  public void close() {
    jobs.close();
  }

  private void report(Finished<ChunkTask, ChunkResult> done) {
    ChunkResult result = done.failed() ? failure(done.job(), done.failure()) : done.result();
    context().forward(new Record<>(done.job().getRunId(), result, context().currentSystemTimeMs()), Sinks.CHUNK_RESULTS);
  }

  /** Runs on a pool thread. */
  private ChunkResult write(ChunkTask task) {
    long started = System.nanoTime();
    ChunkResult.Builder result = ChunkResult.newBuilder().setTask(task);
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", task.getRunId())) {
      TierStore store = tiers.get(task.getTier());
      TarPlan plan = plan(store, task);
      String key = ArchiveKeys.chunkKey(task.getArchiveId(), task.getChunkIndex());
      PackedChunk packed = new ChunkPacker(store, task.getCompressionLevel()).pack(plan, task.getChunkIndex(), key);
      result.setOk(true).setObjectKey(packed.key()).setBytesIn(packed.bytesIn()).setBytesOut(packed.bytesOut())
          .setSha256In(packed.sha256In()).setSha256Out(packed.sha256Out());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      metrics.chunkWritten(took);
      LOG.debug("event=chunk_written chunk={} bytes_in={} bytes_out={} ms={}", task.getChunkIndex(), packed.bytesIn(), packed.bytesOut(), took.toMillis());
    } catch (SourceReadException e) {
      result.setOk(false).setReason(RunReporter.reasonOf(e)).setMessage(e.getMessage());
    } catch (IOException | RuntimeException e) {
      result.setOk(false).setReason(ReasonCode.STORAGE_UNAVAILABLE).setMessage(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return result.setDurationMs(Duration.ofNanos(System.nanoTime() - started).toMillis()).build();
  }

  private static ChunkResult failure(ChunkTask task, Throwable e) {
    return ChunkResult.newBuilder()
        .setTask(task)
        .setOk(false)
        .setReason(ReasonCode.INTERNAL_ERROR)
        .setMessage(e.getClass().getSimpleName() + ": " + e.getMessage())
        .build();
  }

  /** A retried run rewrites its plan under the same key: the cache is by key and generation. */
  private TarPlan plan(TierStore store, ChunkTask task) throws IOException {
    return plans.get(store.location(task.getPlanKey()) + "@" + task.getGeneration(), ignored -> {
      try (InputStream in = store.open(task.getPlanKey())) {
        return TarPlan.fromJson(in);
      }
    });
  }
}
