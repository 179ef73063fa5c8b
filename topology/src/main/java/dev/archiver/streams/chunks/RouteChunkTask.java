package dev.archiver.streams.chunks;

import dev.archiver.events.ChunkTask;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends each chunk task to the processor for its purpose: write it, or verify it. */
public final class RouteChunkTask
    extends ContextualProcessor<String, ChunkTask, String, ChunkTask> {

  private static final Logger LOG = LoggerFactory.getLogger(RouteChunkTask.class);
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
    switch (record.value().getPurpose()) {
      case ARCHIVE -> context().forward(record, write);
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
