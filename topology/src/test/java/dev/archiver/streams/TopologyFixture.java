package dev.archiver.streams;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.spool.ChunkSpool;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.SourceSpec;
import dev.archiver.events.StorageTier;
import dev.archiver.events.TargetSpec;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.restore.RestoreProgress;
import dev.archiver.streams.serde.EventTopic;
import dev.archiver.streams.serde.EventTopics;
import dev.archiver.streams.work.WorkPools;
import dev.archiver.testing.InMemorySchemaRegistry;
import dev.archiver.testing.InMemorySerdeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real topology under TopologyTestDriver, on the in-memory registry, with a source root of its
 * own.
 */
final class TopologyFixture implements AutoCloseable {

  final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  final InMemorySerdeFactory serdes = new InMemorySerdeFactory(registry);
  final EventTopics topics = new EventTopics(serdes);
  final ArchiverMetrics metrics = ArchiverMetrics.standalone();
  final ArchiverConfig config;
  final Path sourceRoot;
  final TopologyTestDriver driver;

  final TierStore tier;

  TopologyFixture(Path dataDir) throws IOException {
    this(dataDir, dataDir.resolve("streams"), Map.of(), UnaryOperator.identity());
  }

  /**
   * @param stateDir Kafka Streams' state directory (a fresh one simulates lost state)
   * @param settings config values beyond the defaults
   * @param wrapTier lets a test put a faulty store in front of the filesystem tier
   */
  TopologyFixture(
      Path dataDir, Path stateDir, Map<String, String> settings, UnaryOperator<TierStore> wrapTier)
      throws IOException {
    this(dataDir, stateDir, settings, wrapTier, WorkPools.direct());
  }

  /**
   * @param pools where background jobs run: {@link WorkPools#direct()} finishes each at once
   */
  TopologyFixture(
      Path dataDir,
      Path stateDir,
      Map<String, String> settings,
      UnaryOperator<TierStore> wrapTier,
      WorkPools pools)
      throws IOException {
    this(dataDir, stateDir, settings, wrapTier, pools, Map.of());
  }

  /**
   * @param otherTiers more tiers beside FILESYSTEM (filesystem stores standing in for S3 ones)
   */
  TopologyFixture(
      Path dataDir,
      Path stateDir,
      Map<String, String> settings,
      UnaryOperator<TierStore> wrapTier,
      WorkPools pools,
      Map<StorageTier, TierStore> otherTiers)
      throws IOException {
    this(dataDir, stateDir, settings, wrapTier, pools, otherTiers, ChunkSpool.disabled());
  }

  /**
   * @param spool where chunks for the other tiers wait while their store is unreachable
   */
  TopologyFixture(
      Path dataDir,
      Path stateDir,
      Map<String, String> settings,
      UnaryOperator<TierStore> wrapTier,
      WorkPools pools,
      Map<StorageTier, TierStore> otherTiers,
      ChunkSpool spool)
      throws IOException {
    this.sourceRoot = dataDir.resolve("sources");
    Map<String, String> values = new HashMap<>(settings);
    values.put(ConfigKeys.DATA_DIR.name(), dataDir.toString());
    values.put(ConfigKeys.SOURCE_ROOTS.name(), sourceRoot.toString());
    this.config = ArchiverConfig.defaultsWith(values);
    this.tier = new FilesystemTierStore(config.filesystemTierPath());
    Properties props =
        StreamsSettings.of(
            config, dev.archiver.config.KafkaClientProperties.of(config, "unused:9092"));
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(DeadLetterProcessingHandler.METRICS_CONFIG, metrics);
    Map<StorageTier, TierStore> stores = new HashMap<>(otherTiers);
    stores.put(StorageTier.FILESYSTEM, wrapTier.apply(tier));
    TierStores tiers = new TierStores(stores, spool);
    driver =
        new TopologyTestDriver(
            ArchiverTopology.build(config, topics, tiers, metrics, new RestoreProgress(), pools),
            props);
  }

  <V> TestInputTopic<String, V> input(EventTopic<V> topic) {
    return driver.createInputTopic(
        topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** Raw bytes to any topic, as a misbehaving producer would send them. */
  void pipeRaw(String topic, String key, byte[] value) {
    driver
        .createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer())
        .pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
  }

  /** A value serialized through the registry with whatever schema it carries. */
  void pipeAny(String topic, String key, Object value) {
    pipeRaw(topic, key, serdes.anyValueSerializer().serialize(topic, value));
  }

  <V> List<TestRecord<String, V>> drain(EventTopic<V> topic) {
    TestOutputTopic<String, V> out =
        driver.createOutputTopic(
            topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    return out.readRecordsToList();
  }

  List<TestRecord<byte[], byte[]>> drainDlq() {
    return driver
        .createOutputTopic(
            dev.archiver.streams.topics.TopicNames.DLQ,
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())
        .readRecordsToList();
  }

  static ArchiveRequested archiveRequest(String runId, String uri) {
    return ArchiveRequested.newBuilder()
        .setRunId(runId)
        .setSource(SourceSpec.newBuilder().setUri(uri).build())
        .setTarget(TargetSpec.newBuilder().build())
        .setRequestedBy("test")
        .setRequestedAt(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  /** A check of one archive, shallow or deep. */
  static dev.archiver.events.IntegrityCheckRequested archiveCheck(
      String checkId, String archiveId, boolean deep) {
    return dev.archiver.events.IntegrityCheckRequested.newBuilder()
        .setCheckId(checkId)
        .setScope(dev.archiver.events.IntegrityScope.ARCHIVE)
        .setArchiveId(archiveId)
        .setDeep(deep)
        .setRequestedBy("test")
        .setRequestedAt(Instant.EPOCH)
        .build();
  }

  static String header(TestRecord<?, ?> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    driver.close();
  }
}
