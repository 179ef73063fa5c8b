package dev.archiver.streams.chunks;

import dev.archiver.streams.archive.RetryFailedChunk;
import dev.archiver.streams.integrity.AggregateCheck;

import dev.archiver.events.ChunkPurpose;
import dev.archiver.events.ChunkResult;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** Sends each chunk result to its aggregator: archive runs (through retries) or integrity checks. */
public final class RouteChunkResult extends ContextualProcessor<String, ChunkResult, String, ChunkResult> {

  public static final String NAME = "route-chunk-result";

  @Override
  public void process(Record<String, ChunkResult> record) {
    context().forward(record, record.value().getTask().getPurpose() == ChunkPurpose.VERIFY ? AggregateCheck.NAME : RetryFailedChunk.NAME);
  }
}
