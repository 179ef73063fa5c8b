package dev.archiver.streams.archive;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.AuditSubject;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RunStage;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.lifecycle.RetentionPolicy;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.PlanJob;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Decides what an archive request means for its run, so every request gets an answer that is true
 * for it:
 *
 * <ul>
 *   <li>a new run id (or one whose last attempt failed) starts an attempt and goes on to planning;
 *   <li>the same source and tier as a run in flight joins it, and is answered when it ends;
 *   <li>the same source and tier as an archived run is answered at once with the archive (a
 *       repeat);
 *   <li>another source or tier for a known run is refused with RUN_ID_CONFLICT naming both; the run
 *       is untouched;
 *   <li>a dry run never touches the run state: it is planned and answered on its own.
 * </ul>
 */
public final class RegisterRun
    extends ContextualProcessor<String, ArchiveRequested, String, Object> {

  public static final String NAME = "archive-requests-accept";
  private static final Logger LOG = LoggerFactory.getLogger(RegisterRun.class);

  private final String next;
  private final ArchiverMetrics metrics;
  private final RetentionPolicy retention;
  private KeyValueStore<String, RunState> runs;
  private KeyValueStore<String, CatalogEntry> catalog;
  private RunReporter report;

  /**
   * @param next the processor that plans new runs and dry runs
   */
  public RegisterRun(String next, ArchiverMetrics metrics, RetentionPolicy retention) {
    this.next = next;
    this.metrics = metrics;
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    this.runs = context.getStateStore(StoreNames.RUN_STATE);
    this.catalog = context.getStateStore(StoreNames.ARCHIVE_CATALOG);
    this.report = new RunReporter(context, runs, metrics);
  }

  @Override
  public void process(Record<String, ArchiveRequested> record) {
    ArchiveRequested request = record.value();
    String runId = request.getRunId();
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", runId)) {
      if (request.getDryRun()) {
        planDryRun(request);
        return;
      }
      RunState known = runs.get(runId);
      if (known == null || known.stage() == RunStage.FAILED || known.dryRun()) {
        start(request, known);
      } else if (!known.sameWorkAs(
          request.getSource().getUri(), request.getTarget().getTier().name())) {
        refuseConflict(request, known);
      } else if (known.stage() == RunStage.COMPLETED && catalog.get(known.archiveId()) == null) {
        // Archived once, since purged (or its catalog entry is not read yet, in which case
        // planning finds the manifest and answers "already archived" all the same).
        start(request, known);
      } else if (known.stage() == RunStage.COMPLETED) {
        answerRepeat(request, known);
      } else {
        join(request, known);
      }
    }
  }

  private void start(ArchiveRequested request, RunState known) {
    long now = context().currentSystemTimeMs();
    String runId = request.getRunId();
    String source = request.getSource().getUri();
    String tier = request.getTarget().getTier().name();
    // A run that failed (or whose archive was purged) may be asked for again: that is a new
    // attempt. A run state left by a dry run of an older version is not a run.
    RunState state =
        known == null || known.dryRun()
            ? RunState.accepted(
                    runId,
                    ArchiveKeys.archiveId(runId),
                    source,
                    tier,
                    false,
                    request.getRequestedBy(),
                    now)
                .withRequestId(request.getRequestId())
            : known.retried(source, tier, request.getRequestedBy(), request.getRequestId(), now);
    state =
        state.withRetention(
            retention.classFor(request.getRetentionClass()).orElse(null), request.getLegalHold());
    runs.put(runId, state);
    LOG.info(
        "event=run_accepted source={} tier={} requested_by={} request_id={} attempt_generation={}",
        source,
        tier,
        state.requestedBy(),
        state.requestId(),
        state.generation());
    report.progress(state);
    report.audit(
        state,
        state.generation() == 0 ? "accepted" : "retry-accepted",
        Map.of(
            "source", source, "tier", tier, "requestId", String.valueOf(request.getRequestId())));
    PlanJob job =
        new PlanJob(
            runId,
            state.archiveId(),
            source,
            tier,
            state.generation(),
            false,
            state.requestId(),
            state.requestedBy(),
            now);
    context().forward(new Record<>(runId, job, now), next);
  }

  private void planDryRun(ArchiveRequested request) {
    long now = context().currentSystemTimeMs();
    String runId = request.getRunId();
    PlanJob job =
        new PlanJob(
            runId,
            ArchiveKeys.archiveId(runId),
            request.getSource().getUri(),
            request.getTarget().getTier().name(),
            0,
            true,
            request.getRequestId(),
            request.getRequestedBy(),
            now);
    LOG.info("event=dry_run_accepted source={} request_id={}", job.sourceUri(), job.requestId());
    audit(
        runId,
        "dry-run-accepted",
        request,
        Map.of("source", job.sourceUri(), "requestId", String.valueOf(job.requestId())));
    context().forward(new Record<>(runId, job, now), next);
  }

  private void refuseConflict(ArchiveRequested request, RunState known) {
    long now = context().currentSystemTimeMs();
    String message =
        "run id '"
            + known.runId()
            + "' is already "
            + known.stage().name().toLowerCase(java.util.Locale.ROOT)
            + " from "
            + known.sourceUri()
            + " to tier "
            + known.tier()
            + "; this request asks for "
            + request.getSource().getUri()
            + " to tier "
            + request.getTarget().getTier()
            + ". A run id names one source: use a new run id for other data.";
    LOG.warn(
        "event=run_id_conflict request_id={} error=\"{}\"",
        request.getRequestId(),
        message.replace('"', '\''));
    context()
        .forward(
            new Record<>(
                known.runId(),
                RunEvents.failed(
                    known.runId(),
                    request.getRequestId(),
                    ReasonCode.RUN_ID_CONFLICT,
                    message,
                    0,
                    false,
                    now),
                now),
            Sinks.ARCHIVE_FAILED);
    audit(
        known.runId(),
        "conflict-refused",
        request,
        Map.of("source", request.getSource().getUri(), "knownSource", known.sourceUri()));
  }

  private void answerRepeat(ArchiveRequested request, RunState known) {
    LOG.info(
        "event=repeat_answered request_id={} requested_by={}",
        request.getRequestId(),
        request.getRequestedBy());
    context()
        .forward(
            new Record<>(
                known.runId(),
                RunEvents.completed(known, request.getRequestId(), true),
                context().currentSystemTimeMs()),
            Sinks.ARCHIVE_COMPLETED);
    audit(
        known.runId(),
        "repeat-answered",
        request,
        Map.of("requestId", String.valueOf(request.getRequestId())));
  }

  private void join(ArchiveRequested request, RunState known) {
    LOG.info(
        "event=duplicate_joined stage={} request_id={}", known.stage(), request.getRequestId());
    runs.put(
        known.runId(), known.joinedBy(request.getRequestId(), context().currentSystemTimeMs()));
    audit(
        known.runId(),
        "duplicate-joined",
        request,
        Map.of("stage", known.stage().name(), "requestId", String.valueOf(request.getRequestId())));
  }

  private void audit(
      String runId, String action, ArchiveRequested request, Map<String, String> details) {
    long now = context().currentSystemTimeMs();
    context()
        .forward(
            new Record<>(
                runId,
                AuditEvents.of(
                    AuditSubject.RUN, runId, action, request.getRequestedBy(), details, now),
                now),
            Sinks.AUDIT);
  }
}
