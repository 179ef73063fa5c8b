package dev.archiver.streams;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.processors.AggregateCheck;
import dev.archiver.streams.processors.AggregateRun;
import dev.archiver.streams.processors.PlanIntegrityCheck;
import dev.archiver.streams.processors.RestoreArchive;
import dev.archiver.streams.processors.RouteChunkResult;
import dev.archiver.streams.processors.RouteChunkTask;
import dev.archiver.streams.processors.VerifyChunk;
import dev.archiver.streams.processors.AuditAccepted;
import dev.archiver.streams.processors.DecodeRequest;
import dev.archiver.streams.processors.PlanRun;
import dev.archiver.streams.processors.RegisterRun;
import dev.archiver.streams.processors.RequestKind;
import dev.archiver.streams.processors.RetryFailedChunk;
import dev.archiver.streams.processors.Sinks;
import dev.archiver.streams.processors.ValidateRequest;
import dev.archiver.streams.processors.WriteChunk;
import dev.archiver.streams.serde.EventTopic;
import dev.archiver.streams.serde.EventTopics;
import dev.archiver.streams.serde.JsonSerde;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.CheckState;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.PendingRetry;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.state.StoredChunk;
import dev.archiver.streams.state.UpdateCatalog;
import dev.archiver.streams.topics.TopicNames;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The archiver's topology, a pure function of its inputs: no I/O here, so the same topology runs under
 * TopologyTestDriver and in production. Every node and store is named: generated names would shift as the
 * topology grows and orphan state.
 *
 * <p>Two sub-topologies. The run side (archive requests and chunk results, co-partitioned by run id) owns the
 * run state: it registers, plans, retries and aggregates. The chunk side (chunk tasks, keyed by run and chunk,
 * twice as many partitions) writes chunks on every stream thread in parallel.
 */
public final class ArchiverTopology {

  static final String CHUNK_TASKS_SOURCE = "chunk-tasks-source";
  static final String CHUNK_RESULTS_SOURCE = "chunk-results-source";
  static final String CATALOG_SOURCE = "catalog-source";

  private ArchiverTopology() {}

  public static Topology build(ArchiverConfig config, EventTopics topics, TierStores tiers, ArchiverMetrics metrics) {
    return build(config, topics, tiers, metrics, new RestoreProgress());
  }

  /** @param restores where running restores report how far they got (read by the REST API) */
  public static Topology build(
      ArchiverConfig config, EventTopics topics, TierStores tiers, ArchiverMetrics metrics, RestoreProgress restores) {
    RequestKinds kinds = new RequestKinds(config, topics, tiers.configured());
    Topology topology = new Topology();

    addIntake(topology, kinds.archive, metrics);
    topology.addProcessor(RegisterRun.NAME, () -> new RegisterRun(PlanRun.NAME), kinds.archive.validateNode());
    topology.addProcessor(
        PlanRun.NAME, () -> new PlanRun(tiers, config.chunkSize(), config.compressionLevel(), metrics), RegisterRun.NAME);

    topology.addSource(CHUNK_TASKS_SOURCE, topics.chunkTasks.keySerde().deserializer(), topics.chunkTasks.valueSerde().deserializer(), topics.chunkTasks.name());
    topology.addProcessor(RouteChunkTask.NAME, RouteChunkTask::new, CHUNK_TASKS_SOURCE);
    topology.addProcessor(WriteChunk.NAME, () -> new WriteChunk(tiers, metrics), RouteChunkTask.NAME);
    topology.addProcessor(VerifyChunk.NAME, () -> new VerifyChunk(tiers), RouteChunkTask.NAME);

    topology.addSource(CHUNK_RESULTS_SOURCE, topics.chunkResults.keySerde().deserializer(), topics.chunkResults.valueSerde().deserializer(), topics.chunkResults.name());
    topology.addProcessor(RouteChunkResult.NAME, RouteChunkResult::new, CHUNK_RESULTS_SOURCE);
    topology.addProcessor(
        RetryFailedChunk.NAME,
        () -> new RetryFailedChunk(config.chunkMaxAttempts(), config.chunkRetryBackoff(), metrics),
        RouteChunkResult.NAME);
    topology.addProcessor(AggregateRun.NAME, () -> new AggregateRun(tiers, metrics), RetryFailedChunk.NAME);
    topology.addProcessor(AggregateCheck.NAME, () -> new AggregateCheck(metrics), RouteChunkResult.NAME);

    topology.addStateStore(jsonStore(StoreNames.RUN_STATE, RunState.class), RegisterRun.NAME, PlanRun.NAME, RetryFailedChunk.NAME, AggregateRun.NAME);
    topology.addStateStore(jsonStore(StoreNames.RUN_CHUNKS, StoredChunk.class), AggregateRun.NAME);
    topology.addStateStore(jsonStore(StoreNames.CHUNK_RETRIES, PendingRetry.class), RetryFailedChunk.NAME);
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ARCHIVE_CATALOG), Serdes.String(), new JsonSerde<>(CatalogEntry.class))
            .withLoggingDisabled(), // the archiver.catalog topic is its changelog
        CATALOG_SOURCE,
        new StringDeserializer(),
        new JsonSerde<>(CatalogEntry.class).deserializer(),
        TopicNames.CATALOG,
        UpdateCatalog.NAME,
        UpdateCatalog::new);

    addIntake(topology, kinds.integrity, metrics);
    topology.addProcessor(
        PlanIntegrityCheck.NAME,
        () -> new PlanIntegrityCheck(tiers, config.integrityScheduleInterval(), config.integrityScheduleSampleSize(), metrics),
        kinds.integrity.validateNode());
    topology.addStateStore(jsonStore(StoreNames.INTEGRITY_CHECKS, CheckState.class), PlanIntegrityCheck.NAME, AggregateCheck.NAME);

    addIntake(topology, kinds.restore, metrics);
    topology.addProcessor(RestoreArchive.NAME, () -> new RestoreArchive(tiers, config.dataDir().resolve("restore-records"), restores), kinds.restore.validateNode());
    topology.addStateStore(jsonStore(StoreNames.RESTORE_QUEUE, RestoreEntry.class), RestoreArchive.NAME);

    List<RequestKind<?>> audited = List.of(kinds.admin);
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
        all.stream().flatMap(k -> Stream.of(k.decodeNode(), k.validateNode())).toArray(String[]::new));
    addSink(topology, Sinks.ARCHIVE_FAILED, topics.archiveFailed, kinds.archive.decodeNode(), kinds.archive.validateNode(), PlanRun.NAME, AggregateRun.NAME);
    addSink(topology, Sinks.RESTORE_FAILED, topics.restoreFailed, kinds.restore.decodeNode(), kinds.restore.validateNode(), RestoreArchive.NAME);
    addSink(topology, Sinks.RESTORE_COMPLETED, topics.restoreCompleted, RestoreArchive.NAME);
    addSink(topology, Sinks.INTEGRITY_RESULTS, topics.integrityResults, PlanIntegrityCheck.NAME, AggregateCheck.NAME);
    addSink(topology, Sinks.INTEGRITY_REQUESTS, topics.integrityRequests, PlanIntegrityCheck.NAME);
    addSink(topology, Sinks.ARCHIVE_COMPLETED, topics.archiveCompleted, PlanRun.NAME, AggregateRun.NAME);
    addSink(topology, Sinks.RUN_PROGRESS, topics.runProgress, RegisterRun.NAME, PlanRun.NAME, AggregateRun.NAME);
    topology.addSink(
        Sinks.CHUNK_TASKS,
        topics.chunkTasks.name(),
        topics.chunkTasks.keySerde().serializer(),
        topics.chunkTasks.valueSerde().serializer(),
        new ChunkTaskPartitioner(),
        PlanRun.NAME,
        RetryFailedChunk.NAME,
        PlanIntegrityCheck.NAME);
    addSink(topology, Sinks.CHUNK_RESULTS, topics.chunkResults, WriteChunk.NAME, VerifyChunk.NAME);
    topology.addSink(
        Sinks.CATALOG, TopicNames.CATALOG, new StringSerializer(), new JsonSerde<>(CatalogEntry.class).serializer(),
        PlanRun.NAME, AggregateRun.NAME, PlanIntegrityCheck.NAME, AggregateCheck.NAME);
    addSink(
        topology,
        Sinks.AUDIT,
        topics.audit,
        Stream.concat(
                Stream.of(RegisterRun.NAME, PlanRun.NAME, AggregateRun.NAME, PlanIntegrityCheck.NAME, AggregateCheck.NAME, RestoreArchive.NAME),
                audited.stream().map(RequestKind::acceptNode))
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

  private static <V> StoreBuilder<?> jsonStore(String name, Class<V> type) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), new JsonSerde<>(type));
  }

  private static <V> void addSink(Topology topology, String name, EventTopic<V> topic, String... parents) {
    topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), parents);
  }
}
