package dev.archiver.streams.processors;

import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.AuditSubject;
import dev.archiver.events.RunStage;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Opens a run in the run-state store the first time its id is seen. A request for a run that is already known
 * is a duplicate (a retry by the producer, or a replay): it is audited and starts nothing. A request for a run
 * that failed starts a new attempt (the next generation) from scratch.
 */
public final class RegisterRun implements Processor<Object, Object, Object, Object> {

  public static final String NAME = "archive-requests-accept";
  private static final Logger LOG = LoggerFactory.getLogger(RegisterRun.class);

  private final String next;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, RunState> runs;

  /** @param next the processor new runs go on to, or null while nothing plans them */
  public RegisterRun(String next) {
    this.next = next;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.runs = context.getStateStore(StoreNames.RUN_STATE);
  }

  @Override
  public void process(Record<Object, Object> record) {
    ArchiveRequested request = (ArchiveRequested) record.value();
    String runId = request.getRunId();
    long now = context.currentSystemTimeMs();
    RunState known = runs.get(runId);
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", runId)) {
      if (known != null && known.stage() != RunStage.FAILED) {
        LOG.info("event=duplicate_request stage={} requested_by={}", known.stage(), request.getRequestedBy());
        context.forward(
            new Record<Object, Object>(
                runId,
                AuditEvents.of(AuditSubject.RUN, runId, "duplicate-ignored", request.getRequestedBy(), Map.of("stage", known.stage().name()), now),
                now),
            Sinks.AUDIT);
        return;
      }
      // A run that failed may be asked for again (its source fixed, storage back): that is a new attempt.
      RunState state =
          known == null
              ? RunState.accepted(
                  runId,
                  ArchiveKeys.archiveId(runId),
                  request.getSource().getUri(),
                  request.getTarget().getTier().name(),
                  request.getDryRun(),
                  request.getRequestedBy(),
                  now)
              : known.retried(request.getSource().getUri(), request.getTarget().getTier().name(), request.getDryRun(), request.getRequestedBy(), now);
      runs.put(runId, state);
      LOG.info(
          "event=run_accepted source={} tier={} dry_run={} requested_by={} attempt_generation={}",
          state.sourceUri(), state.tier(), state.dryRun(), state.requestedBy(), state.generation());
    }
    context.forward(new Record<Object, Object>(runId, RunEvents.progress(runs.get(runId), now), now), Sinks.RUN_PROGRESS);
    context.forward(
        new Record<Object, Object>(
            runId,
            AuditEvents.of(
                AuditSubject.RUN,
                runId,
                runs.get(runId).generation() == 0 ? "accepted" : "retry-accepted",
                request.getRequestedBy(),
                Map.of("source", request.getSource().getUri(), "tier", request.getTarget().getTier().name(), "dryRun", Boolean.toString(request.getDryRun())),
                now),
            now),
        Sinks.AUDIT);
    if (next != null) {
      context.forward(record.withKey(runId), next);
    }
  }
}
