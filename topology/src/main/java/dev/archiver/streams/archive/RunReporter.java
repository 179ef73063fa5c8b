package dev.archiver.streams.archive;

import dev.archiver.connectors.file.SourceReadException;
import dev.archiver.events.AuditSubject;
import dev.archiver.events.ReasonCode;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.state.RunState;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends runs and records their steps, the same way whichever processor decides. A run's end is
 * answered to the request that started it and to every identical request that joined it while it
 * was in flight.
 */
final class RunReporter {

  private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);

  private final ProcessorContext<String, Object> context;
  private final KeyValueStore<String, RunState> runs;
  private final ArchiverMetrics metrics;

  RunReporter(
      ProcessorContext<String, Object> context,
      KeyValueStore<String, RunState> runs,
      ArchiverMetrics metrics) {
    this.context = context;
    this.runs = runs;
    this.metrics = metrics;
  }

  /**
   * Marks the run failed and tells everyone: the failure topic, progress, audit, metrics and the
   * log.
   */
  void fail(RunState run, ReasonCode reason, String message, int attempts, boolean wasInFlight) {
    long now = context.currentSystemTimeMs();
    RunState failed = run.failed(reason.name(), message, attempts, now);
    runs.put(run.runId(), failed);
    metrics.archiveFailed(reason.name());
    if (wasInFlight) {
      metrics.runEnded();
    }
    LOG.warn(
        "event=run_failed reason={} attempts={} error=\"{}\"",
        reason,
        attempts,
        message.replace('"', '\''));
    String withHint = message + " (publish the request again to retry the run)";
    forward(
        Sinks.ARCHIVE_FAILED,
        run.runId(),
        RunEvents.failed(run.runId(), run.requestId(), reason, withHint, attempts, true, now));
    for (String waiter : run.waiters()) {
      forward(
          Sinks.ARCHIVE_FAILED,
          run.runId(),
          RunEvents.failed(run.runId(), waiter, reason, withHint, attempts, true, now));
    }
    progress(failed);
    audit(run, "failed", Map.of("reason", reason.name(), "message", message));
  }

  /**
   * Announces a completed run: to its request, and (as repeats) to the requests that joined it.
   *
   * @param requestWroteNothing true when the run's own request found it archived already: its
   *     answer is a repeat too
   */
  void completed(RunState done, boolean requestWroteNothing) {
    forward(
        Sinks.ARCHIVE_COMPLETED,
        done.runId(),
        RunEvents.completed(done, done.requestId(), requestWroteNothing));
    for (String waiter : done.waiters()) {
      forward(Sinks.ARCHIVE_COMPLETED, done.runId(), RunEvents.completed(done, waiter, true));
    }
    progress(done);
  }

  void progress(RunState run) {
    forward(
        Sinks.RUN_PROGRESS, run.runId(), RunEvents.progress(run, context.currentSystemTimeMs()));
  }

  void audit(RunState run, String action, Map<String, String> details) {
    long now = context.currentSystemTimeMs();
    forward(
        Sinks.AUDIT,
        run.runId(),
        AuditEvents.of(AuditSubject.RUN, run.runId(), action, run.requestedBy(), details, now));
  }

  private void forward(String sink, String runId, Object event) {
    context.forward(new Record<>(runId, event, context.currentSystemTimeMs()), sink);
  }

  /** The reason code of a source that could not be read. */
  static ReasonCode reasonOf(SourceReadException e) {
    return switch (e.reason()) {
      case SOURCE_NOT_FOUND -> ReasonCode.SOURCE_NOT_FOUND;
      case SOURCE_CHANGED -> ReasonCode.SOURCE_CHANGED;
      case SOURCE_UNREADABLE -> ReasonCode.SOURCE_UNREADABLE;
    };
  }
}
