package dev.archiver.streams.archive;

import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.file.ByteRange;
import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.PagedPlanWriter;
import dev.archiver.connectors.file.PlanPageStore;
import dev.archiver.connectors.file.PlanSummary;
import dev.archiver.connectors.file.SourceReadException;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.paths.OutsideRootsException;
import dev.archiver.connectors.paths.RootedPaths;
import dev.archiver.connectors.plan.StoredPlans;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.AuditSubject;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RunStage;
import dev.archiver.events.StorageTier;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.ReasonCodes;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.lifecycle.RetentionPolicy;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.PlanJob;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.validation.PathGuard;
import dev.archiver.streams.work.BackgroundJobs;
import dev.archiver.streams.work.Finished;
import dev.archiver.streams.work.Retries;
import dev.archiver.streams.work.WorkPools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Lists a new run's source once, fixes it as a plan in the tier, and emits one chunk task per byte
 * range of the run's tar stream. Listing and reading the tier run on a run-pool thread; the outcome
 * is applied on the stream thread. A run whose manifest is already in the tier (a replay after
 * state was lost) is recorded as archived and starts nothing; a dry run reports the plan to its
 * request and writes nothing.
 */
public final class PlanRun extends ContextualProcessor<String, PlanJob, String, Object> {

  public static final String NAME = "plan-run";
  private static final Logger LOG = LoggerFactory.getLogger(PlanRun.class);

  /** What planning found. */
  sealed interface Outcome permits Planned, AlreadyArchived, Failed {}

  /** The plan's summary only: its entries are in the tier, in pages. */
  record Planned(PlanSummary plan) implements Outcome {}

  record AlreadyArchived(Manifest manifest, String location, String sha256) implements Outcome {}

  record Failed(ReasonCode reason, String message) implements Outcome {}

  private final TierStores tiers;
  private final Catalogued catalogued;
  private final RootedPaths sources;
  private final long chunkSize;
  private final int compressionLevel;
  private final ArchiverMetrics metrics;
  private final BackgroundJobs<PlanJob, Outcome> jobs;
  private KeyValueStore<String, RunState> runs;
  private RunReporter report;

  /**
   * @param retry attempts and backoff for retriable planning failures
   */
  public PlanRun(
      TierStores tiers,
      RootedPaths sources,
      long chunkSize,
      int compressionLevel,
      ArchiverMetrics metrics,
      WorkPools pools,
      Retries retry,
      RetentionPolicy retention) {
    this.tiers = tiers;
    this.catalogued = new Catalogued(retention);
    this.sources = sources;
    this.chunkSize = chunkSize;
    this.compressionLevel = compressionLevel;
    this.metrics = metrics;
    this.jobs =
        new BackgroundJobs<PlanJob, Outcome>(
                StoreNames.PLANS_PENDING,
                pools,
                WorkPools.Pool.RUNS,
                (key, job) -> tiers.waitingOutOutages(job.tier(), () -> plan(job)))
            .retrying(retry.when(failure -> ReasonCodes.retriable(reasonOf(failure))));
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    this.runs = context.getStateStore(StoreNames.RUN_STATE);
    this.report = new RunReporter(context, runs, metrics);
    jobs.init(context, this::apply);
  }

  @Override
  public void process(Record<String, PlanJob> record) {
    PlanJob job = record.value();
    if (!job.dryRun()) {
      RunState run = runs.get(job.runId());
      runs.put(job.runId(), run.planning(context().currentSystemTimeMs()));
    }
    // A dry run is keyed by where its request sits: unique, and the same again on a replay.
    String tag = context().recordMetadata().map(m -> m.partition() + "-" + m.offset()).orElse("0");
    jobs.start(job.key(tag), job);
    jobs.deliver();
  }

  @Override
  public void close() {
    jobs.close();
  }

  /**
   * Runs on a pool thread: reads the tier and lists the source; writes only the plan object.
   * Failures are thrown, so that the retriable ones (see {@link #reasonOf}) are tried again with
   * backoff before the run is failed.
   */
  private Outcome plan(PlanJob job) throws IOException {
    TierStore store = tiers.get(job.tier());
    String manifestKey = ArchiveKeys.manifestKey(job.archiveId());
    if (!job.dryRun() && store.exists(manifestKey)) {
      byte[] bytes;
      try (InputStream in = store.open(manifestKey)) {
        bytes = in.readAllBytes();
      }
      return new AlreadyArchived(
          Manifests.fromJson(new ByteArrayInputStream(bytes)),
          store.location(manifestKey),
          Sha256.of(bytes));
    }
    return new Planned(planOnce(job, store));
  }

  /** Why planning failed, in the terms of the error model. */
  static ReasonCode reasonOf(Throwable failure) {
    if (failure instanceof SourceReadException e) {
      return RunReporter.reasonOf(e);
    }
    if (failure instanceof OutsideRootsException) {
      return ReasonCode.PATH_OUTSIDE_ROOTS;
    }
    return failure instanceof IOException
        ? ReasonCode.STORAGE_UNAVAILABLE
        : ReasonCode.INTERNAL_ERROR;
  }

  /**
   * The plan is written before any chunk: a first attempt planned again (after a crash) reuses it,
   * never a new listing. A new attempt of a failed run lists the source again: what failed it may
   * have been fixed.
   */
  private PlanSummary planOnce(PlanJob job, TierStore store) throws IOException {
    String planKey = planKey(job.archiveId());
    if (!job.dryRun() && job.generation() == 0 && store.exists(planKey)) {
      return StoredPlans.open(store, planKey);
    }
    // Validated when requested; resolved again now, on real paths: the tree may have been swapped
    // for a link since.
    Path root = sources.realPath(Path.of(PathGuard.filePath(job.sourceUri()).orElseThrow()));
    if (job.dryRun()) {
      return FileTreePlanner.plan(root, chunkSize, new PagedPlanWriter(PlanPageStore.discarding()));
    }
    // Pages are stored as the tree is walked and the index last: the plan is never whole in memory.
    return StoredPlans.write(root, chunkSize, store, planKey).index();
  }

  /** On the stream thread: applies what planning found, if the run still waits for it. */
  private void apply(Finished<PlanJob, Outcome> done) {
    PlanJob job = done.job();
    Outcome outcome = done.failed() ? failed(done) : done.result();
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", job.runId())) {
      if (job.dryRun()) {
        answerDryRun(job, outcome);
        return;
      }
      RunState run = runs.get(job.runId());
      if (run == null || run.stage() != RunStage.PLANNING || run.generation() != job.generation()) {
        LOG.info(
            "event=stale_plan_ignored generation={} stage={}",
            job.generation(),
            run == null ? "unknown" : run.stage());
        return;
      }
      if (outcome instanceof Planned planned) {
        startChunks(run, planned.plan());
      } else if (outcome instanceof AlreadyArchived archived) {
        recordAlreadyArchived(run, archived);
      } else {
        Failed failed = (Failed) outcome;
        report.fail(run, failed.reason(), failed.message(), done.attempts(), false);
      }
    }
  }

  private static Failed failed(Finished<PlanJob, Outcome> done) {
    Throwable e = done.failure();
    String tries = done.attempts() > 1 ? " (after " + done.attempts() + " attempts)" : "";
    String what = e instanceof IOException ? String.valueOf(e.getMessage()) : e.toString();
    return new Failed(reasonOf(e), "planning failed" + tries + ": " + what);
  }

  public static String planKey(String archiveId) {
    return ArchiveKeys.planKey(archiveId);
  }

  private void startChunks(RunState run, PlanSummary plan) {
    long now = context().currentSystemTimeMs();
    RunState planned =
        run.planned(planKey(run.archiveId()), plan.chunkCount(), plan.streamLength(), now);
    runs.put(run.runId(), planned);
    for (int i = 0; i < plan.chunkCount(); i++) {
      ByteRange range = plan.chunk(i);
      ChunkTask task =
          ChunkTask.newBuilder()
              .setRunId(run.runId())
              .setArchiveId(run.archiveId())
              .setChunkIndex(range.index())
              .setChunkCount(plan.chunkCount())
              .setRangeStart(range.start())
              .setRangeEnd(range.end())
              .setPlanKey(planned.planKey())
              .setTier(StorageTier.valueOf(run.tier()))
              .setCompressionLevel(compressionLevel)
              .setAttempt(1)
              .setGeneration(run.generation())
              .build();
      context().forward(new Record<>(taskKey(task), task, now), Sinks.CHUNK_TASKS);
    }
    metrics.runStarted();
    LOG.info(
        "event=run_planned files={} bytes={} chunks={} tier={}",
        plan.fileCount(),
        plan.streamLength(),
        plan.chunkCount(),
        run.tier());
    report.progress(planned);
    report.audit(
        run,
        "planned",
        Map.of(
            "chunks",
            Integer.toString(plan.chunkCount()),
            "bytes",
            Long.toString(plan.streamLength())));
  }

  /** Key of a chunk task: run and index, so one run's chunks spread over the partitions. */
  public static String taskKey(ChunkTask task) {
    return task.getRunId() + "#" + task.getChunkIndex();
  }

  /**
   * A dry run is answered to its own request; the run state (and a real run of the same id) is not
   * touched.
   */
  private void answerDryRun(PlanJob job, Outcome outcome) {
    long now = context().currentSystemTimeMs();
    if (outcome instanceof Failed failed) {
      LOG.info("event=dry_run_failed reason={}", failed.reason());
      context()
          .forward(
              new Record<>(
                  job.runId(),
                  RunEvents.failed(
                      job.runId(),
                      job.requestId(),
                      failed.reason(),
                      failed.message(),
                      1,
                      false,
                      now),
                  now),
              Sinks.ARCHIVE_FAILED);
      return;
    }
    PlanSummary plan = ((Planned) outcome).plan();
    ArchiveCompleted completed =
        ArchiveCompleted.newBuilder()
            .setRunId(job.runId())
            .setArchiveId(job.archiveId())
            .setTier(StorageTier.valueOf(job.tier()))
            .setLocation("")
            .setChunkCount(plan.chunkCount())
            .setBytesIn(plan.streamLength())
            .setBytesOut(0)
            .setRecords(plan.fileCount())
            .setManifestSha256("")
            .setDryRun(true)
            .setStartedAt(Instant.ofEpochMilli(job.acceptedAt()))
            .setCompletedAt(Instant.ofEpochMilli(now))
            .setRequestId(job.requestId())
            .build();
    LOG.info(
        "event=dry_run_planned files={} bytes={} chunks={}",
        plan.fileCount(),
        plan.streamLength(),
        plan.chunkCount());
    context().forward(new Record<>(job.runId(), completed, now), Sinks.ARCHIVE_COMPLETED);
    context()
        .forward(
            new Record<>(
                job.runId(),
                AuditEvents.of(
                    AuditSubject.RUN,
                    job.runId(),
                    "dry-run-planned",
                    job.requestedBy(),
                    Map.of(
                        "chunks",
                        Integer.toString(plan.chunkCount()),
                        "files",
                        Long.toString(plan.fileCount())),
                    now),
                now),
            Sinks.AUDIT);
  }

  /**
   * The tier is the truth: a run whose manifest is there is archived. Its state and its catalog
   * entry are rebuilt from the manifest, so a replay after the state was lost leaves run-state and
   * catalog as they were. The request is answered as a repeat: it wrote nothing.
   */
  private void recordAlreadyArchived(RunState run, AlreadyArchived archived) {
    long now = context().currentSystemTimeMs();
    Manifest manifest = archived.manifest();
    long createdAt = Instant.parse(manifest.createdAt()).toEpochMilli();
    RunState done =
        run.alreadyArchived(
            planKey(run.archiveId()),
            manifest.chunks().size(),
            manifest.totals().streamBytes(),
            manifest.totals().storedBytes(),
            manifest.totals().files(),
            archived.location(),
            archived.sha256(),
            createdAt,
            now);
    runs.put(run.runId(), done);
    CatalogEntry entry =
        catalogued.entry(
            run,
            ArchiveKeys.manifestKey(run.archiveId()),
            archived.location(),
            archived.sha256(),
            manifest.chunks().size(),
            manifest.totals().streamBytes(),
            manifest.totals().storedBytes(),
            manifest.totals().files(),
            manifest.keyId(),
            createdAt);
    Catalogued.record(context(), entry, now);
    LOG.info("event=run_already_archived manifest={}", archived.location());
    report.completed(done, true);
    report.audit(run, "already-archived", Map.of("manifest", archived.location()));
  }
}
