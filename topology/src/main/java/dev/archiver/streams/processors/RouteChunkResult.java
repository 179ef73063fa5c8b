package dev.archiver.streams.processors;

import dev.archiver.events.ChunkPurpose;
import dev.archiver.events.ChunkResult;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Sends each chunk result to its aggregator: archive runs (through retries) or integrity checks. */
public final class RouteChunkResult implements Processor<Object, Object, Object, Object> {

  public static final String NAME = "route-chunk-result";
  private ProcessorContext<Object, Object> context;

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<Object, Object> record) {
    ChunkResult result = (ChunkResult) record.value();
    context.forward(record, result.getTask().getPurpose() == ChunkPurpose.VERIFY ? AggregateCheck.NAME : RetryFailedChunk.NAME);
  }
}
