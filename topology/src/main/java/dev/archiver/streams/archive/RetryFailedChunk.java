package dev.archiver.streams.archive;

import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.ReasonCodes;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.state.PendingRetry;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives a chunk that failed for a retriable reason ({@link ReasonCodes}) more attempts with
 * exponential backoff. The wait happens in a store and a wall-clock punctuator, never by holding
 * the stream thread. Results that succeeded, or failed for the last time, go on to the run
 * aggregator.
 */
public final class RetryFailedChunk
    extends ContextualProcessor<String, ChunkResult, String, Object> {

  public static final String NAME = "retry-failed-chunk";
  private static final Logger LOG = LoggerFactory.getLogger(RetryFailedChunk.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final Duration TICK = Duration.ofMillis(500);

  private final int maxAttempts;
  private final Duration backoff;
  private final ArchiverMetrics metrics;
  private KeyValueStore<String, PendingRetry> retries;
  private KeyValueStore<String, RunState> runs;

  public RetryFailedChunk(int maxAttempts, Duration backoff, ArchiverMetrics metrics) {
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    this.retries = context.getStateStore(StoreNames.CHUNK_RETRIES);
    this.runs = context.getStateStore(StoreNames.RUN_STATE);
    context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::sendDueRetries);
  }

  @Override
  public void process(Record<String, ChunkResult> record) {
    ChunkResult result = record.value();
    ChunkTask task = result.getTask();
    // A permanent failure (the source changed, a file is gone) fails the run at once: retrying
    // gives the same answer.
    if (result.getOk()
        || !ReasonCodes.retriable(result.getReason())
        || task.getAttempt() >= maxAttempts) {
      context().forward(record, AggregateRun.NAME);
      return;
    }
    long due = context().currentSystemTimeMs() + delayAfter(task.getAttempt()).toMillis();
    PendingRetry retry = PendingRetry.of(task, due);
    retries.put(retry.storeKey(), retry);
    metrics.chunkRetried();
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", task.getRunId())) {
      LOG.warn(
          "event=chunk_retry chunk={} attempt={} of={} next_in_ms={} reason={} error=\"{}\"",
          task.getChunkIndex(),
          task.getAttempt(),
          maxAttempts,
          due - context().currentSystemTimeMs(),
          result.getReason(),
          String.valueOf(result.getMessage()).replace('"', '\''));
    }
  }

  /** Backoff before attempt n+1: base, 2x base, 4x base, ... capped. */
  Duration delayAfter(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 20);
    Duration delay = backoff.multipliedBy(factor);
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  private void sendDueRetries(long now) {
    List<KeyValue<String, PendingRetry>> due = new ArrayList<>();
    try (KeyValueIterator<String, PendingRetry> all = retries.all()) {
      all.forEachRemaining(
          kv -> {
            if (kv.value.dueAt() <= now) {
              due.add(kv);
            }
          });
    }
    for (KeyValue<String, PendingRetry> entry : due) {
      retries.delete(entry.key);
      RunState run = runs.get(entry.value.runId());
      if (run == null
          || run.stage() != dev.archiver.events.RunStage.ARCHIVING
          || run.generation() != entry.value.generation()) {
        continue; // the run ended (or started over) meanwhile: nothing waits for this chunk any
        // more
      }
      ChunkTask task = entry.value.toTask();
      context().forward(new Record<>(PlanRun.taskKey(task), task, now), Sinks.CHUNK_TASKS);
    }
  }
}
