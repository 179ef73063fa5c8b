package dev.archiver.streams.processors;

import dev.archiver.events.ChunkPurpose;
import dev.archiver.events.ChunkTask;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Sends each chunk task to the processor for its purpose: write it, or verify it. */
public final class RouteChunkTask implements Processor<Object, Object, Object, Object> {

  public static final String NAME = "route-chunk-task";
  private ProcessorContext<Object, Object> context;

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<Object, Object> record) {
    ChunkTask task = (ChunkTask) record.value();
    context.forward(record, task.getPurpose() == ChunkPurpose.VERIFY ? VerifyChunk.NAME : WriteChunk.NAME);
  }
}
