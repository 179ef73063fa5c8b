package dev.archiver.streams.chunks;

import dev.archiver.events.ChunkTask;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Lays a run's chunks over consecutive partitions, starting at a place derived from the run: a run
 * of n chunks on p partitions puts at most ceil(n/p) on any one, so every stream thread gets its
 * share. Hashing each chunk key would pile several chunks of one run on one partition, and the
 * whole run waits for the slowest thread. The same chunk always lands on the same partition, so a
 * retried or replayed task goes where it went before.
 */
public final class ChunkTaskPartitioner implements StreamPartitioner<Object, Object> {

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, Object key, Object value, int numPartitions) {
    ChunkTask task = (ChunkTask) value;
    String owner =
        task.getCheckId() != null ? task.getCheckId() + "/" + task.getArchiveId() : task.getRunId();
    int start = Utils.toPositive(Utils.murmur2(owner.getBytes(StandardCharsets.UTF_8)));
    return Optional.of(Set.of((int) ((start + (long) task.getChunkIndex()) % numPartitions)));
  }
}
