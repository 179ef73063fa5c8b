package dev.archiver.streams.common;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.serde.AvroStoreSerde;
import dev.archiver.streams.serde.EventTopics;
import dev.archiver.streams.serde.JsonSerde;
import dev.archiver.streams.work.Retries;
import dev.archiver.streams.work.WorkPools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * What every flow wires its nodes with: the topology under construction and the parts its
 * processors need. Sinks are shared by several flows and Kafka Streams wants a sink's parents when
 * the sink is added, so flows declare which sinks their processors feed ({@link #feeds}) and the
 * sinks are added once every flow is wired.
 */
public final class Wiring {

  public final Topology topology = new Topology();
  public final ArchiverConfig config;
  public final EventTopics topics;
  public final TierStores tiers;
  public final ArchiverMetrics metrics;
  public final WorkPools pools;
  private final Map<String, List<String>> sinkParents = new LinkedHashMap<>();

  public Wiring(
      ArchiverConfig config,
      EventTopics topics,
      TierStores tiers,
      ArchiverMetrics metrics,
      WorkPools pools) {
    this.config = config;
    this.topics = topics;
    this.tiers = tiers;
    this.metrics = metrics;
    this.pools = pools;
  }

  /** Declares that {@code processor} forwards to each of {@code sinks}. */
  public void feeds(String processor, String... sinks) {
    for (String sink : sinks) {
      sinkParents.computeIfAbsent(sink, s -> new ArrayList<>()).add(processor);
    }
  }

  /** The processors that declared they feed {@code sink}: its parents. */
  public String[] parentsOf(String sink) {
    return sinkParents.getOrDefault(sink, List.of()).toArray(String[]::new);
  }

  /** A persistent store with JSON values: internal, and tolerant of fields added later. */
  /** Attempts and backoff of run work that fails for a retriable reason (work.retry.*). */
  public Retries retries() {
    return new Retries(config.workRetryMaxAttempts(), config.workRetryBackoff());
  }

  public static <V> StoreBuilder<?> jsonStore(String name, Class<V> type) {
    return store(name, new JsonSerde<>(type));
  }

  /** A persistent store of events (pending jobs), in Avro single-object encoding. */
  public static <V extends SpecificRecord> StoreBuilder<?> avroStore(String name, Class<V> type) {
    return store(name, new AvroStoreSerde<>(type));
  }

  private static <V> StoreBuilder<?> store(String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), values);
  }
}
