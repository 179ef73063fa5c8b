package dev.archiver.streams.processors;

import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.file.ByteRange;
import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.SourceReadException;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.ReasonCode;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.TierStores;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.validation.PathGuard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Lists a new run's source once, fixes it as a plan in the tier, and emits one chunk task per byte range of
 * the run's tar stream. A run whose manifest is already in the tier (a replay after state was lost) is
 * recorded as archived and starts nothing; a dry run reports the plan and writes nothing.
 */
public final class PlanRun implements Processor<Object, Object, Object, Object> {

  public static final String NAME = "plan-run";
  private static final Logger LOG = LoggerFactory.getLogger(PlanRun.class);

  private final TierStores tiers;
  private final long chunkSize;
  private final int compressionLevel;
  private final ArchiverMetrics metrics;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, RunState> runs;
  private RunReporter report;

  public PlanRun(TierStores tiers, long chunkSize, int compressionLevel, ArchiverMetrics metrics) {
    this.tiers = tiers;
    this.chunkSize = chunkSize;
    this.compressionLevel = compressionLevel;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.runs = context.getStateStore(StoreNames.RUN_STATE);
    this.report = new RunReporter(context, runs, metrics);
  }

  @Override
  public void process(Record<Object, Object> record) {
    ArchiveRequested request = (ArchiveRequested) record.value();
    String runId = request.getRunId();
    RunState run = runs.get(runId);
    TierStore store = tiers.get(request.getTarget().getTier());
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", runId)) {
      if (!request.getDryRun() && store.exists(ArchiveKeys.manifestKey(run.archiveId()))) {
        recordAlreadyArchived(run, store);
        return;
      }
      TarPlan plan = planOnce(run, request, store);
      if (request.getDryRun()) {
        completeDryRun(run, plan);
      } else {
        startChunks(run, plan, request);
      }
    } catch (IOException e) {
      fail(run, e);
    }
  }

  /**
   * The plan is written before any chunk: a first attempt planned again (after a crash) reuses it, never a new
   * listing. A new attempt of a failed run lists the source again: what failed it may have been fixed.
   */
  private TarPlan planOnce(RunState run, ArchiveRequested request, TierStore store) throws IOException {
    String planKey = planKey(run.archiveId());
    if (!request.getDryRun() && run.generation() == 0 && store.exists(planKey)) {
      try (InputStream in = store.open(planKey)) {
        return TarPlan.fromJson(in);
      }
    }
    Path root = Path.of(PathGuard.filePath(request.getSource().getUri()).orElseThrow());
    TarPlan plan = FileTreePlanner.plan(root, chunkSize);
    if (!request.getDryRun()) {
      store.putBytes(planKey, plan.toJson());
    }
    return plan;
  }

  public static String planKey(String archiveId) {
    return ArchiveKeys.prefix(archiveId) + "plan.json";
  }

  private void startChunks(RunState run, TarPlan plan, ArchiveRequested request) {
    long now = context.currentSystemTimeMs();
    RunState planned = run.planned(planKey(run.archiveId()), plan.chunks().size(), plan.streamLength(), now);
    runs.put(run.runId(), planned);
    for (ByteRange range : plan.chunks()) {
      ChunkTask task =
          ChunkTask.newBuilder()
              .setRunId(run.runId())
              .setArchiveId(run.archiveId())
              .setChunkIndex(range.index())
              .setChunkCount(plan.chunks().size())
              .setRangeStart(range.start())
              .setRangeEnd(range.end())
              .setPlanKey(planned.planKey())
              .setTier(request.getTarget().getTier())
              .setCompressionLevel(compressionLevel)
              .setAttempt(1)
              .setGeneration(run.generation())
              .build();
      context.forward(new Record<Object, Object>(taskKey(task), task, now), Sinks.CHUNK_TASKS);
    }
    metrics.runStarted();
    LOG.info(
        "event=run_planned files={} bytes={} chunks={} tier={}",
        plan.fileCount(), plan.streamLength(), plan.chunks().size(), request.getTarget().getTier());
    report.progress(planned);
    report.audit(run, "planned", Map.of("chunks", Integer.toString(plan.chunks().size()), "bytes", Long.toString(plan.streamLength())));
  }

  /** Key of a chunk task: run and index, so one run's chunks spread over the partitions. */
  public static String taskKey(ChunkTask task) {
    return task.getRunId() + "#" + task.getChunkIndex();
  }

  private void completeDryRun(RunState run, TarPlan plan) {
    long now = context.currentSystemTimeMs();
    RunState done = run.planned(null, plan.chunks().size(), plan.streamLength(), now).completed(null, now);
    runs.put(run.runId(), done);
    ArchiveCompleted completed =
        ArchiveCompleted.newBuilder()
            .setRunId(run.runId())
            .setArchiveId(run.archiveId())
            .setTier(dev.archiver.events.StorageTier.valueOf(run.tier()))
            .setLocation("")
            .setChunkCount(plan.chunks().size())
            .setBytesIn(plan.streamLength())
            .setBytesOut(0)
            .setRecords(plan.fileCount())
            .setManifestSha256("")
            .setDryRun(true)
            .setStartedAt(Instant.ofEpochMilli(run.acceptedAt()))
            .setCompletedAt(Instant.ofEpochMilli(now))
            .build();
    LOG.info("event=dry_run_planned files={} bytes={} chunks={}", plan.fileCount(), plan.streamLength(), plan.chunks().size());
    context.forward(new Record<Object, Object>(run.runId(), completed, now), Sinks.ARCHIVE_COMPLETED);
    report.progress(done);
    report.audit(run, "dry-run-planned", Map.of("chunks", Integer.toString(plan.chunks().size()), "files", Long.toString(plan.fileCount())));
  }

  /**
   * The tier is the truth: a run whose manifest is there is archived. Its state and its catalog entry are rebuilt
   * from the manifest, so a replay after the state was lost leaves run-state and catalog as they were.
   */
  private void recordAlreadyArchived(RunState run, TierStore store) throws IOException {
    long now = context.currentSystemTimeMs();
    String manifestKey = ArchiveKeys.manifestKey(run.archiveId());
    byte[] manifestBytes;
    try (InputStream in = store.open(manifestKey)) {
      manifestBytes = in.readAllBytes();
    }
    Manifest manifest = Manifests.fromJson(new java.io.ByteArrayInputStream(manifestBytes));
    String location = store.location(manifestKey);
    RunState done =
        run.alreadyArchived(
            planKey(run.archiveId()), manifest.chunks().size(), manifest.totals().streamBytes(), manifest.totals().storedBytes(), location, now);
    runs.put(run.runId(), done);
    CatalogEntry entry =
        new CatalogEntry(
            run.archiveId(), run.runId(), run.tier(), manifestKey, location, Sha256.of(manifestBytes), manifest.chunks().size(),
            manifest.totals().streamBytes(), manifest.totals().storedBytes(), manifest.totals().files(), null, false, manifest.keyId(),
            Instant.parse(manifest.createdAt()).toEpochMilli(), null, "OK");
    context.forward(new Record<Object, Object>(run.archiveId(), entry, now), Sinks.CATALOG);
    LOG.info("event=run_already_archived manifest={}", location);
    report.progress(done);
    report.audit(run, "already-archived", Map.of("manifest", location));
  }

  private void fail(RunState run, IOException e) {
    ReasonCode reason = e instanceof SourceReadException source ? RunReporter.reasonOf(source) : ReasonCode.STORAGE_UNAVAILABLE;
    report.fail(run, reason, "planning failed: " + e.getMessage(), 1, false);
  }
}
