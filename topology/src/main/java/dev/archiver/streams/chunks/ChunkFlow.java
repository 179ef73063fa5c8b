package dev.archiver.streams.chunks;

import dev.archiver.streams.Wiring;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The two chunk topics every run and check goes through: tasks (twice as many partitions, so every stream thread
 * gets a share) and results. Their routers hand each record to the flow it belongs to; wire this first.
 */
public final class ChunkFlow {

  public static final String CHUNK_TASKS_SOURCE = "chunk-tasks-source";
  public static final String CHUNK_RESULTS_SOURCE = "chunk-results-source";

  private ChunkFlow() {}

  public static void wire(Wiring w) {
    w.topology.addSource(
        CHUNK_TASKS_SOURCE, Serdes.String().deserializer(), w.topics.chunkTasks.valueSerde().deserializer(), w.topics.chunkTasks.name());
    w.topology.addProcessor(RouteChunkTask.NAME, RouteChunkTask::new, CHUNK_TASKS_SOURCE);
    w.topology.addSource(
        CHUNK_RESULTS_SOURCE, Serdes.String().deserializer(), w.topics.chunkResults.valueSerde().deserializer(), w.topics.chunkResults.name());
    w.topology.addProcessor(RouteChunkResult.NAME, RouteChunkResult::new, CHUNK_RESULTS_SOURCE);
  }
}
