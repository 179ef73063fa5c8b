package dev.archiver.streams.archive;

import dev.archiver.connectors.file.PlanSummary;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.manifest.WrittenManifest;
import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.plan.StoredPlans;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RunStage;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.lifecycle.RetentionPolicy;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.state.StoredChunk;
import dev.archiver.streams.work.BackgroundJobs;
import dev.archiver.streams.work.Finished;
import dev.archiver.streams.work.Retries;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Counts a run's chunk results. When the last chunk is in, the manifest is written (last, so an
 * archive exists iff its manifest does) on a run-pool thread; then the archive is recorded in the
 * catalog and announced, once. A chunk that failed its last attempt fails the run.
 */
public final class AggregateRun extends ContextualProcessor<String, ChunkResult, String, Object> {

  public static final String NAME = "aggregate-run";
  private static final Logger LOG = LoggerFactory.getLogger(AggregateRun.class);

  /** The manifest as written, and the file count of its plan. */
  record Written(WrittenManifest manifest, long files) {}

  private final TierStores tiers;
  private final Catalogued catalogued;
  private final ArchiverMetrics metrics;
  private final BackgroundJobs<RunState, Written> jobs;
  private KeyValueStore<String, RunState> runs;
  private KeyValueStore<String, StoredChunk> chunks;
  private RunReporter report;

  /**
   * @param retry attempts and backoff for a manifest write the tier fails (an I/O error)
   */
  public AggregateRun(
      TierStores tiers,
      ArchiverMetrics metrics,
      WorkPools pools,
      Retries retry,
      RetentionPolicy retention) {
    this.tiers = tiers;
    this.catalogued = new Catalogued(retention);
    this.metrics = metrics;
    this.jobs =
        new BackgroundJobs<RunState, Written>(
                StoreNames.MANIFESTS_PENDING,
                pools,
                WorkPools.Pool.RUNS,
                (runId, run) -> tiers.waitingOutOutages(run.tier(), manifestWriter(runId, run)))
            .retrying(retry.when(failure -> failure instanceof IOException));
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    this.runs = context.getStateStore(StoreNames.RUN_STATE);
    this.chunks = context.getStateStore(StoreNames.RUN_CHUNKS);
    this.report = new RunReporter(context, runs, metrics);
    jobs.init(context, this::complete);
  }

  @Override
  public void process(Record<String, ChunkResult> record) {
    count(record.value());
    jobs.deliver();
  }

  @Override
  public void close() {
    jobs.close();
  }

  private void count(ChunkResult result) {
    ChunkTask task = result.getTask();
    RunState run = runs.get(task.getRunId());
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", task.getRunId())) {
      if (run == null
          || run.stage() != RunStage.ARCHIVING
          || task.getGeneration() != run.generation()) {
        LOG.info(
            "event=late_chunk_result_ignored chunk={} stage={} generation={}",
            task.getChunkIndex(),
            run == null ? "unknown" : run.stage(),
            task.getGeneration());
        return;
      }
      if (!result.getOk()) {
        fail(
            run,
            result.getReason(),
            "chunk "
                + task.getChunkIndex()
                + " failed after "
                + task.getAttempt()
                + " attempts: "
                + result.getMessage(),
            task.getAttempt());
        return;
      }
      String chunkKey = StoredChunk.storeKey(run.runId(), task.getChunkIndex());
      if (chunks.get(chunkKey) != null) {
        return; // a repeated result for a chunk already counted
      }
      chunks.put(
          chunkKey,
          new StoredChunk(
              task.getChunkIndex(),
              result.getObjectKey(),
              task.getRangeStart(),
              result.getBytesIn(),
              result.getBytesOut(),
              result.getSha256In(),
              result.getSha256Out()));
      long now = context().currentSystemTimeMs();
      RunState counted =
          run.chunkDone(result.getBytesIn(), result.getBytesOut(), task.getAttempt(), now);
      if (counted.chunksDone() < counted.chunksPlanned()) {
        runs.put(run.runId(), counted);
        report.progress(counted);
        return;
      }
      RunState writing = counted.writingManifest(now);
      runs.put(run.runId(), writing);
      report.progress(writing);
      jobs.start(run.runId(), writing);
    }
  }

  /**
   * On the stream thread: gathers the chunks; the returned work writes the manifest on a pool
   * thread.
   */
  private Callable<Written> manifestWriter(String runId, RunState run) {
    List<PackedChunk> packed = packedChunks(runId);
    return () -> {
      TierStore store = tiers.get(run.tier());
      // A paged plan's index carries the totals: its pages are not read.
      PlanSummary plan = StoredPlans.open(store, run.planKey());
      // createdAt is the run's acceptance time: writing the manifest again after a crash yields the
      // same bytes.
      Manifest manifest =
          Manifest.forTarArchive(
              run.runId(), run.sourceUri(), Instant.ofEpochMilli(run.acceptedAt()), plan, packed);
      return new Written(Manifests.write(store, manifest), plan.fileCount());
    };
  }

  private void complete(Finished<RunState, Written> done) {
    RunState run = runs.get(done.key());
    if (run == null
        || run.stage() != RunStage.WRITING_MANIFEST
        || run.generation() != done.job().generation()) {
      return; // the run ended or started over meanwhile
    }
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", run.runId())) {
      if (done.failed()) {
        Throwable e = done.failure();
        fail(
            run,
            ReasonCode.STORAGE_UNAVAILABLE,
            "writing the manifest failed after "
                + done.attempts()
                + " attempt(s): "
                + e.getClass().getSimpleName()
                + ": "
                + e.getMessage(),
            run.attempts());
        return;
      }
      WrittenManifest written = done.result().manifest();
      long now = context().currentSystemTimeMs();
      RunState completed =
          run.completed(written.location(), written.sha256(), done.result().files(), now);
      runs.put(run.runId(), completed);
      deleteChunks(run.runId());
      CatalogEntry entry =
          catalogued.entry(
              run,
              written.key(),
              written.location(),
              written.sha256(),
              run.chunksPlanned(),
              run.bytesDone(),
              run.bytesStored(),
              completed.files(),
              null,
              now);
      Catalogued.record(context(), entry, now);
      metrics.archiveCompleted(run.bytesDone(), run.bytesStored());
      metrics.runEnded();
      LOG.info(
          "event=run_completed archive={} chunks={} bytes_in={} bytes_out={} ms={} manifest={}",
          run.archiveId(),
          run.chunksPlanned(),
          run.bytesDone(),
          run.bytesStored(),
          now - run.acceptedAt(),
          written.location());
      report.completed(completed, false);
      report.audit(
          run,
          "completed",
          Map.of(
              "archiveId",
              run.archiveId(),
              "manifest",
              written.location(),
              "manifestSha256",
              written.sha256()));
    }
  }

  private List<PackedChunk> packedChunks(String runId) {
    List<PackedChunk> packed = new ArrayList<>();
    try (KeyValueIterator<String, StoredChunk> range =
        chunks.range(StoredChunk.firstKey(runId), StoredChunk.lastKey(runId))) {
      range.forEachRemaining(
          kv -> {
            if (!StoredChunk.isChunkOf(kv.key, runId)) {
              return; // another run's, whose id starts with this one's
            }
            StoredChunk c = kv.value;
            packed.add(
                new PackedChunk(
                    c.index(),
                    c.key(),
                    c.offset(),
                    c.bytesIn(),
                    c.bytesOut(),
                    c.sha256In(),
                    c.sha256Out()));
          });
    }
    return packed;
  }

  private void deleteChunks(String runId) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, StoredChunk> range =
        chunks.range(StoredChunk.firstKey(runId), StoredChunk.lastKey(runId))) {
      range.forEachRemaining(
          (KeyValue<String, StoredChunk> kv) -> {
            if (StoredChunk.isChunkOf(kv.key, runId)) {
              keys.add(kv.key);
            }
          });
    }
    keys.forEach(chunks::delete);
  }

  private void fail(RunState run, ReasonCode reason, String message, int attempts) {
    deleteChunks(run.runId());
    report.fail(run, reason, message, attempts, true);
  }
}
