package dev.archiver.streams.chunks;

import dev.archiver.events.ChunkPurpose;
import dev.archiver.events.ChunkTask;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** Sends each chunk task to the processor for its purpose: write it, or verify it. */
public final class RouteChunkTask extends ContextualProcessor<String, ChunkTask, String, ChunkTask> {

  public static final String NAME = "route-chunk-task";

  private final String write;
  private final String verify;

  /**
   * @param write the node that writes chunks of archive runs
   * @param verify the node that verifies chunks for integrity checks
   */
  public RouteChunkTask(String write, String verify) {
    this.write = write;
    this.verify = verify;
  }

  @Override
  public void process(Record<String, ChunkTask> record) {
    context().forward(record, record.value().getPurpose() == ChunkPurpose.VERIFY ? verify : write);
  }
}
