package dev.archiver.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.streams.common.TierStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the topology to its golden description: node, store and topic names are the names of
 * changelogs, repartition and output topics and of state on disk, so one renamed by accident
 * orphans state or breaks consumers. After an intended change, refresh it with {@code mvn -pl
 * topology test -Dtest=TopologyShapeTest -Dtopology.update-golden=true} and commit the new file
 * with the change that explains it.
 */
class TopologyShapeTest {

  private static final Path GOLDEN = Path.of("src/test/resources/topology-description.txt");

  @TempDir Path dataDir;

  @Test
  void shouldKeepEveryNodeStoreAndTopicName() throws IOException {
    String current;
    try (TopologyFixture fx = new TopologyFixture(dataDir)) {
      TierStores tiers =
          new TierStores(java.util.Map.of(dev.archiver.events.StorageTier.FILESYSTEM, fx.tier));
      current =
          ArchiverTopology.build(fx.config, fx.topics, tiers, fx.metrics).describe().toString();
    }
    if (Boolean.getBoolean("topology.update-golden")) {
      Files.writeString(GOLDEN, current, StandardCharsets.UTF_8);
    }
    assertThat(GOLDEN)
        .as("golden description; run with -Dtopology.update-golden=true and commit it")
        .exists();
    assertThat(current).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }
}
