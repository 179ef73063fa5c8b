package dev.archiver.streams.chunks;

import dev.archiver.events.ChunkResult;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each chunk result to its aggregator: archive runs (through retries) or integrity checks.
 */
public final class RouteChunkResult
    extends ContextualProcessor<String, ChunkResult, String, ChunkResult> {

  private static final Logger LOG = LoggerFactory.getLogger(RouteChunkResult.class);
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
    switch (record.value().getTask().getPurpose()) {
      case ARCHIVE -> context().forward(record, archive);
      case VERIFY -> context().forward(record, verify);
      default -> // from a newer version of the archiver: neither written nor verified by a guess
          LOG.warn(
              "event=chunk_record_skipped topic={} key={} reason=\"unknown purpose; upgrade this instance\"",
              context()
                  .recordMetadata()
                  .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                  .orElse("?"),
              record.key());
    }
  }
}
