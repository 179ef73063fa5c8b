package dev.archiver.streams.chunks;

import dev.archiver.streams.common.Wiring;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The two chunk topics every run and check goes through: tasks (twice as many partitions, so every
 * stream thread gets a share) and results. Their routers hand each record to the flow it belongs
 * to; wire this first.
 */
public final class ChunkFlow {

  public static final String CHUNK_TASKS_SOURCE = "chunk-tasks-source";
  public static final String CHUNK_RESULTS_SOURCE = "chunk-results-source";
  public static final String TASK_ROUTER = RouteChunkTask.NAME;
  public static final String RESULT_ROUTER = RouteChunkResult.NAME;

  /**
   * The nodes chunk records go to, by purpose: given by the flows, so this package depends on none
   * of them.
   */
  public record Routes(
      String writeTask, String verifyTask, String archiveResult, String verifyResult) {}

  private ChunkFlow() {}

  public static void wire(Wiring w, Routes routes) {
    w.topology.addSource(
        CHUNK_TASKS_SOURCE,
        Serdes.String().deserializer(),
        w.topics.chunkTasks.valueSerde().deserializer(),
        w.topics.chunkTasks.name());
    w.topology.addProcessor(
        RouteChunkTask.NAME,
        () -> new RouteChunkTask(routes.writeTask(), routes.verifyTask()),
        CHUNK_TASKS_SOURCE);
    w.topology.addSource(
        CHUNK_RESULTS_SOURCE,
        Serdes.String().deserializer(),
        w.topics.chunkResults.valueSerde().deserializer(),
        w.topics.chunkResults.name());
    w.topology.addProcessor(
        RouteChunkResult.NAME,
        () -> new RouteChunkResult(routes.archiveResult(), routes.verifyResult()),
        CHUNK_RESULTS_SOURCE);
  }
}
