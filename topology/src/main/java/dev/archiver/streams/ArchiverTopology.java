package dev.archiver.streams;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.processors.AuditAccepted;
import dev.archiver.streams.processors.DecodeRequest;
import dev.archiver.streams.processors.RegisterRun;
import dev.archiver.streams.processors.RequestKind;
import dev.archiver.streams.processors.Sinks;
import dev.archiver.streams.processors.ValidateRequest;
import dev.archiver.streams.serde.EventTopic;
import dev.archiver.streams.serde.EventTopics;
import dev.archiver.streams.serde.JsonSerde;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.topics.TopicNames;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The archiver's topology, a pure function of its inputs: no I/O here, so the same topology runs under
 * TopologyTestDriver and in production. Every node and store is named: generated names would shift as the
 * topology grows and orphan state.
 */
public final class ArchiverTopology {

  private ArchiverTopology() {}

  public static Topology build(ArchiverConfig config, EventTopics topics, ArchiverMetrics metrics) {
    RequestKinds kinds = new RequestKinds(config, topics);
    Topology topology = new Topology();

    addIntake(topology, kinds.archive, metrics);
    topology.addProcessor(RegisterRun.NAME, () -> new RegisterRun(null), kinds.archive.validateNode());
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.RUN_STATE), Serdes.String(), new JsonSerde<>(RunState.class)),
        RegisterRun.NAME);

    List<RequestKind<?>> audited = List.of(kinds.integrity, kinds.restore, kinds.admin);
    for (RequestKind<?> kind : audited) {
      addIntake(topology, kind, metrics);
      addAuditAccepted(topology, kind);
    }

    List<RequestKind<?>> all = List.of(kinds.archive, kinds.integrity, kinds.restore, kinds.admin);
    topology.addSink(
        Sinks.DLQ,
        TopicNames.DLQ,
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        all.stream().flatMap(k -> java.util.stream.Stream.of(k.decodeNode(), k.validateNode())).toArray(String[]::new));
    addSink(topology, Sinks.failureSinkOf(kinds.archive), topics.archiveFailed, kinds.archive.decodeNode(), kinds.archive.validateNode());
    addSink(topology, Sinks.failureSinkOf(kinds.restore), topics.restoreFailed, kinds.restore.decodeNode(), kinds.restore.validateNode());
    addSink(topology, Sinks.RUN_PROGRESS, topics.runProgress, RegisterRun.NAME);
    addSink(
        topology,
        Sinks.AUDIT,
        topics.audit,
        java.util.stream.Stream.concat(java.util.stream.Stream.of(RegisterRun.NAME), audited.stream().map(RequestKind::acceptNode))
            .toArray(String[]::new));
    return topology;
  }

  /** Source, decode and validate for one request topic, read as bytes so nothing is lost to a bad serde. */
  private static <T> void addIntake(Topology topology, RequestKind<T> kind, ArchiverMetrics metrics) {
    topology.addSource(kind.sourceNode(), new ByteArrayDeserializer(), new ByteArrayDeserializer(), kind.topic().name());
    topology.addProcessor(kind.decodeNode(), () -> new DecodeRequest<>(kind, metrics), kind.sourceNode());
    topology.addProcessor(kind.validateNode(), () -> new ValidateRequest<>(kind, metrics), kind.decodeNode());
  }

  private static <T> void addAuditAccepted(Topology topology, RequestKind<T> kind) {
    topology.addProcessor(kind.acceptNode(), () -> new AuditAccepted<>(kind), kind.validateNode());
  }

  private static <V> void addSink(Topology topology, String name, EventTopic<V> topic, String... parents) {
    topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), parents);
  }
}
