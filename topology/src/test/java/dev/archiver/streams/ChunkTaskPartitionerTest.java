package dev.archiver.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.events.ChunkTask;
import dev.archiver.events.StorageTier;
import dev.archiver.streams.chunks.ChunkTaskPartitioner;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkTaskPartitionerTest {

  private final ChunkTaskPartitioner partitioner = new ChunkTaskPartitioner();

  private static ChunkTask task(String runId, int index) {
    return ChunkTask.newBuilder()
        .setRunId(runId)
        .setArchiveId("a")
        .setChunkIndex(index)
        .setChunkCount(17)
        .setRangeStart(0)
        .setRangeEnd(1)
        .setPlanKey("p")
        .setTier(StorageTier.FILESYSTEM)
        .build();
  }

  private int partitionOf(ChunkTask task, int partitions) {
    return partitioner
        .partitions("archiver.chunk.tasks", "k", task, partitions)
        .orElseThrow()
        .iterator()
        .next();
  }

  @Test
  void shouldSpreadARunsChunksEvenlyOverThePartitions() {
    Map<Integer, Integer> perPartition = new HashMap<>();
    for (int i = 0; i < 17; i++) {
      perPartition.merge(partitionOf(task("run-1", i), 12), 1, Integer::sum);
    }

    assertThat(perPartition).hasSize(12);
    assertThat(perPartition.values()).allSatisfy(n -> assertThat(n).isBetween(1, 2));
  }

  @Test
  void shouldSendTheSameChunkToTheSamePartitionEveryTime() {
    assertThat(partitionOf(task("run-1", 5), 12)).isEqualTo(partitionOf(task("run-1", 5), 12));
  }
}
