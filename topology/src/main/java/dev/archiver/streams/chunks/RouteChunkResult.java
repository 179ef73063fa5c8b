package dev.archiver.streams.chunks;

import dev.archiver.events.ChunkPurpose;
import dev.archiver.events.ChunkResult;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** Sends each chunk result to its aggregator: archive runs (through retries) or integrity checks. */
public final class RouteChunkResult extends ContextualProcessor<String, ChunkResult, String, ChunkResult> {

  public static final String NAME = "route-chunk-result";

  private final String archive;
  private final String verify;

  /**
   * @param archive the node that takes results of archive runs (retries, then aggregation)
   * @param verify the node that aggregates integrity verdicts
   */
  public RouteChunkResult(String archive, String verify) {
    this.archive = archive;
    this.verify = verify;
  }

  @Override
  public void process(Record<String, ChunkResult> record) {
    context().forward(record, record.value().getTask().getPurpose() == ChunkPurpose.VERIFY ? verify : archive);
  }
}
