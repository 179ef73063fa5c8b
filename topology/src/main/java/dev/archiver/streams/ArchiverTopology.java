package dev.archiver.streams;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.RestoreRequested;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.processors.AggregateCheck;
import dev.archiver.streams.processors.AggregateRun;
import dev.archiver.streams.processors.AuditAccepted;
import dev.archiver.streams.processors.DecodeRequest;
import dev.archiver.streams.processors.PlanIntegrityCheck;
import dev.archiver.streams.processors.PlanRun;
import dev.archiver.streams.processors.RecentCache;
import dev.archiver.streams.processors.RegisterRun;
import dev.archiver.streams.processors.RequestKind;
import dev.archiver.streams.processors.RestoreArchive;
import dev.archiver.streams.processors.RetryFailedChunk;
import dev.archiver.streams.processors.RouteChunkResult;
import dev.archiver.streams.processors.RouteChunkTask;
import dev.archiver.streams.processors.Sinks;
import dev.archiver.streams.processors.ValidateRequest;
import dev.archiver.streams.processors.VerifyChunk;
import dev.archiver.streams.processors.WriteChunk;
import dev.archiver.streams.serde.AvroStoreSerde;
import dev.archiver.streams.serde.EventTopic;
import dev.archiver.streams.serde.EventTopics;
import dev.archiver.streams.serde.JsonSerde;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.CheckState;
import dev.archiver.streams.state.PendingRetry;
import dev.archiver.streams.state.PlanJob;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.state.StoredChunk;
import dev.archiver.streams.state.UpdateCatalog;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.streams.work.WorkPools;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The archiver's topology, a pure function of its inputs: no I/O here, so the same topology runs under
 * TopologyTestDriver and in production. Every node and store is named: generated names would shift as the
 * topology grows and orphan state (TopologyShapeTest holds them to a golden description).
 *
 * <p>Requests are decoded and validated where they arrive, then re-keyed through a repartition topic by their own id
 * with the archiver's partitioner: a run's state, its chunk results and its aggregation meet in one task whatever
 * partition the producer chose. The run side (re-keyed archive and integrity requests, chunk results) owns run and
 * check state; the chunk side (chunk tasks, twice as many partitions) writes and verifies chunks; the restore side
 * owns the restore queue. Long work runs on {@link WorkPools} threads, never inside a stream thread's transaction.
 */
public final class ArchiverTopology {

  static final String CHUNK_TASKS_SOURCE = "chunk-tasks-source";
  static final String CHUNK_RESULTS_SOURCE = "chunk-results-source";
  static final String CATALOG_SOURCE = "catalog-source";

  private final ArchiverConfig config;
  private final EventTopics topics;
  private final TierStores tiers;
  private final ArchiverMetrics metrics;
  private final RestoreProgress restores;
  private final WorkPools pools;
  private final RequestKinds kinds;
  private final Topology topology = new Topology();

  private ArchiverTopology(
      ArchiverConfig config, EventTopics topics, TierStores tiers, ArchiverMetrics metrics, RestoreProgress restores, WorkPools pools) {
    this.config = config;
    this.topics = topics;
    this.tiers = tiers;
    this.metrics = metrics;
    this.restores = restores;
    this.pools = pools;
    this.kinds = new RequestKinds(config, topics, tiers.configured());
  }

  /** The topology with every job run on the calling thread: for TopologyTestDriver. */
  public static Topology build(ArchiverConfig config, EventTopics topics, TierStores tiers, ArchiverMetrics metrics) {
    return build(config, topics, tiers, metrics, new RestoreProgress(), WorkPools.direct());
  }

  /**
   * @param restores where running restores report how far they got (read by the REST API)
   * @param pools the threads long work runs on
   */
  public static Topology build(
      ArchiverConfig config, EventTopics topics, TierStores tiers, ArchiverMetrics metrics, RestoreProgress restores, WorkPools pools) {
    ArchiverTopology builder = new ArchiverTopology(config, topics, tiers, metrics, restores, pools);
    builder.intake();
    builder.archiveFlow();
    builder.chunkFlow();
    builder.integrityFlow();
    builder.restoreFlow();
    builder.catalogFlow();
    builder.sinks();
    return builder.topology;
  }

  /** Source, decode, validate for each request topic; accepted requests go through their repartition topic. */
  private void intake() {
    for (RequestKind<?> kind : List.of(kinds.archive, kinds.integrity, kinds.restore, kinds.admin)) {
      addIntake(kind);
    }
    topology.addProcessor(kinds.admin.acceptNode(), () -> new AuditAccepted<>(kinds.admin), kinds.admin.sourceOfAccepted());
  }

  private <T> void addIntake(RequestKind<T> kind) {
    // Read as bytes, so nothing is lost to a bad serde: whatever does not decode is dead-lettered as it came.
    topology.addSource(kind.sourceNode(), new ByteArrayDeserializer(), new ByteArrayDeserializer(), kind.topic().name());
    topology.addProcessor(kind.decodeNode(), () -> new DecodeRequest<>(kind, metrics), kind.sourceNode());
    topology.addProcessor(kind.validateNode(), () -> new ValidateRequest<>(kind, metrics), kind.decodeNode());
    kind.repartition().ifPresent(by -> {
      // The default partitioner on the request's own id as key: the same rule chunk results are produced with.
      topology.addSink(kind.repartitionSinkNode(), by.name(), new StringSerializer(), by.valueSerde().serializer(), kind.validateNode());
      topology.addSource(kind.repartitionSourceNode(), new StringDeserializer(), by.valueSerde().deserializer(), by.name());
    });
  }

  private void archiveFlow() {
    topology.addProcessor(RegisterRun.NAME, () -> new RegisterRun(PlanRun.NAME), kinds.archive.sourceOfAccepted());
    topology.addProcessor(
        PlanRun.NAME, () -> new PlanRun(tiers, config.chunkSize(), config.compressionLevel(), metrics, pools), RegisterRun.NAME);
    topology.addSource(CHUNK_RESULTS_SOURCE, Serdes.String().deserializer(), topics.chunkResults.valueSerde().deserializer(), topics.chunkResults.name());
    topology.addProcessor(RouteChunkResult.NAME, RouteChunkResult::new, CHUNK_RESULTS_SOURCE);
    topology.addProcessor(
        RetryFailedChunk.NAME, () -> new RetryFailedChunk(config.chunkMaxAttempts(), config.chunkRetryBackoff(), metrics), RouteChunkResult.NAME);
    topology.addProcessor(AggregateRun.NAME, () -> new AggregateRun(tiers, metrics, pools), RetryFailedChunk.NAME);

    topology.addStateStore(jsonStore(StoreNames.RUN_STATE, RunState.class), RegisterRun.NAME, PlanRun.NAME, RetryFailedChunk.NAME, AggregateRun.NAME);
    topology.addStateStore(jsonStore(StoreNames.RUN_CHUNKS, StoredChunk.class), AggregateRun.NAME);
    topology.addStateStore(jsonStore(StoreNames.CHUNK_RETRIES, PendingRetry.class), RetryFailedChunk.NAME);
    topology.addStateStore(jsonStore(StoreNames.PLANS_PENDING, PlanJob.class), PlanRun.NAME);
    topology.addStateStore(jsonStore(StoreNames.MANIFESTS_PENDING, RunState.class), AggregateRun.NAME);
  }

  /** Chunk tasks of archive runs and integrity checks, written or verified on every stream thread's partitions. */
  private void chunkFlow() {
    RecentCache<String, TarPlan> plans = new RecentCache<>(8);
    RecentCache<String, Manifest> manifests = new RecentCache<>(8);
    topology.addSource(CHUNK_TASKS_SOURCE, Serdes.String().deserializer(), topics.chunkTasks.valueSerde().deserializer(), topics.chunkTasks.name());
    topology.addProcessor(RouteChunkTask.NAME, RouteChunkTask::new, CHUNK_TASKS_SOURCE);
    topology.addProcessor(WriteChunk.NAME, () -> new WriteChunk(tiers, metrics, pools, plans), RouteChunkTask.NAME);
    topology.addProcessor(VerifyChunk.NAME, () -> new VerifyChunk(tiers, pools, manifests), RouteChunkTask.NAME);
    topology.addStateStore(avroStore(StoreNames.CHUNK_WRITES_PENDING, ChunkTask.class), WriteChunk.NAME);
    topology.addStateStore(avroStore(StoreNames.CHUNK_VERIFIES_PENDING, ChunkTask.class), VerifyChunk.NAME);
  }

  private void integrityFlow() {
    topology.addProcessor(
        PlanIntegrityCheck.NAME,
        () -> new PlanIntegrityCheck(tiers, config.integrityScheduleInterval(), config.integrityScheduleSampleSize(), metrics, pools),
        kinds.integrity.sourceOfAccepted());
    topology.addProcessor(AggregateCheck.NAME, () -> new AggregateCheck(metrics), RouteChunkResult.NAME);
    topology.addStateStore(jsonStore(StoreNames.INTEGRITY_CHECKS, CheckState.class), PlanIntegrityCheck.NAME, AggregateCheck.NAME);
    topology.addStateStore(avroStore(StoreNames.CHECK_PLANS_PENDING, IntegrityCheckRequested.class), PlanIntegrityCheck.NAME);
  }

  private void restoreFlow() {
    topology.addProcessor(
        RestoreArchive.NAME,
        () -> new RestoreArchive(tiers, config.dataDir().resolve("restore-records"), restores, pools),
        kinds.restore.sourceOfAccepted());
    topology.addStateStore(jsonStore(StoreNames.RESTORE_QUEUE, RestoreEntry.class), RestoreArchive.NAME);
    topology.addStateStore(avroStore(StoreNames.RESTORES_PENDING, RestoreRequested.class), RestoreArchive.NAME);
  }

  /** The archive catalog: a global store every instance reads, fed by its compacted topic. */
  private void catalogFlow() {
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
  }

  private void sinks() {
    List<RequestKind<?>> all = List.of(kinds.archive, kinds.integrity, kinds.restore, kinds.admin);
    topology.addSink(
        Sinks.DLQ, TopicNames.DLQ, new ByteArraySerializer(), new ByteArraySerializer(),
        all.stream().flatMap(k -> Stream.of(k.decodeNode(), k.validateNode())).toArray(String[]::new));
    addSink(Sinks.ARCHIVE_FAILED, topics.archiveFailed, kinds.archive.decodeNode(), kinds.archive.validateNode(), RegisterRun.NAME, PlanRun.NAME, AggregateRun.NAME);
    addSink(Sinks.RESTORE_FAILED, topics.restoreFailed, kinds.restore.decodeNode(), kinds.restore.validateNode(), RestoreArchive.NAME);
    addSink(Sinks.RESTORE_COMPLETED, topics.restoreCompleted, RestoreArchive.NAME);
    addSink(Sinks.INTEGRITY_RESULTS, topics.integrityResults, PlanIntegrityCheck.NAME, AggregateCheck.NAME);
    addSink(Sinks.INTEGRITY_REQUESTS, topics.integrityRequests, PlanIntegrityCheck.NAME);
    addSink(Sinks.ARCHIVE_COMPLETED, topics.archiveCompleted, RegisterRun.NAME, PlanRun.NAME, AggregateRun.NAME);
    addSink(Sinks.RUN_PROGRESS, topics.runProgress, RegisterRun.NAME, PlanRun.NAME, AggregateRun.NAME);
    topology.addSink(
        Sinks.CHUNK_TASKS, topics.chunkTasks.name(), new StringSerializer(), topics.chunkTasks.valueSerde().serializer(),
        new ChunkTaskPartitioner(), PlanRun.NAME, RetryFailedChunk.NAME, PlanIntegrityCheck.NAME);
    addSink(Sinks.CHUNK_RESULTS, topics.chunkResults, WriteChunk.NAME, VerifyChunk.NAME);
    topology.addSink(
        Sinks.CATALOG, TopicNames.CATALOG, new StringSerializer(), new JsonSerde<>(CatalogEntry.class).serializer(),
        PlanRun.NAME, AggregateRun.NAME, PlanIntegrityCheck.NAME, AggregateCheck.NAME);
    addSink(
        Sinks.AUDIT, topics.audit,
        RegisterRun.NAME, PlanRun.NAME, AggregateRun.NAME, PlanIntegrityCheck.NAME, AggregateCheck.NAME, RestoreArchive.NAME, kinds.admin.acceptNode());
  }

  private static <V> StoreBuilder<?> jsonStore(String name, Class<V> type) {
    return store(name, new JsonSerde<>(type));
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> StoreBuilder<?> avroStore(String name, Class<V> type) {
    return store(name, new AvroStoreSerde<>(type));
  }

  private static <V> StoreBuilder<?> store(String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
  }

  private <V> void addSink(String name, EventTopic<V> topic, String... parents) {
    topology.addSink(name, topic.name(), new StringSerializer(), topic.valueSerde().serializer(), parents);
  }
}
