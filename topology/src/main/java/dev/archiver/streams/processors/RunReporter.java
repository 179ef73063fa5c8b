package dev.archiver.streams.processors;

import dev.archiver.connectors.file.SourceReadException;
import dev.archiver.events.AuditSubject;
import dev.archiver.events.ReasonCode;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.state.RunState;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends runs and records their steps, the same way whichever processor decides. */
final class RunReporter {

  private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);

  private final ProcessorContext<Object, Object> context;
  private final KeyValueStore<String, RunState> runs;
  private final ArchiverMetrics metrics;

  RunReporter(ProcessorContext<Object, Object> context, KeyValueStore<String, RunState> runs, ArchiverMetrics metrics) {
    this.context = context;
    this.runs = runs;
    this.metrics = metrics;
  }

  /** Marks the run failed and tells everyone: the failure topic, progress, audit, metrics and the log. */
  void fail(RunState run, ReasonCode reason, String message, int attempts, boolean wasInFlight) {
    long now = context.currentSystemTimeMs();
    RunState failed = run.failed(reason.name(), message, attempts, now);
    runs.put(run.runId(), failed);
    metrics.archiveFailed(reason.name());
    if (wasInFlight) {
      metrics.runEnded();
    }
    LOG.warn("event=run_failed reason={} attempts={} error=\"{}\"", reason, attempts, message.replace('"', '\''));
    String withHint = message + " (publish the request again to retry the run)";
    context.forward(new Record<Object, Object>(run.runId(), RunEvents.failed(failed, reason, withHint, attempts, true, now), now), Sinks.ARCHIVE_FAILED);
    progress(failed);
    audit(run, "failed", Map.of("reason", reason.name(), "message", message));
  }

  void progress(RunState run) {
    long now = context.currentSystemTimeMs();
    context.forward(new Record<Object, Object>(run.runId(), RunEvents.progress(run, now), now), Sinks.RUN_PROGRESS);
  }

  void audit(RunState run, String action, Map<String, String> details) {
    long now = context.currentSystemTimeMs();
    context.forward(
        new Record<Object, Object>(run.runId(), AuditEvents.of(AuditSubject.RUN, run.runId(), action, run.requestedBy(), details, now), now),
        Sinks.AUDIT);
  }

  /** The reason code of a source that could not be read. */
  static ReasonCode reasonOf(SourceReadException e) {
    return e.reason() == SourceReadException.Reason.SOURCE_NOT_FOUND ? ReasonCode.SOURCE_NOT_FOUND : ReasonCode.SOURCE_UNREADABLE;
  }
}
