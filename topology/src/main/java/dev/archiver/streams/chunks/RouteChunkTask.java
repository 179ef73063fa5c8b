package dev.archiver.streams.chunks;

import dev.archiver.streams.archive.WriteChunk;
import dev.archiver.streams.integrity.VerifyChunk;

import dev.archiver.events.ChunkPurpose;
import dev.archiver.events.ChunkTask;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** Sends each chunk task to the processor for its purpose: write it, or verify it. */
public final class RouteChunkTask extends ContextualProcessor<String, ChunkTask, String, ChunkTask> {

  public static final String NAME = "route-chunk-task";

  @Override
  public void process(Record<String, ChunkTask> record) {
    context().forward(record, record.value().getPurpose() == ChunkPurpose.VERIFY ? VerifyChunk.NAME : WriteChunk.NAME);
  }
}
