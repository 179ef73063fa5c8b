package dev.archiver.streams;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.archive.ArchiveFlow;
import dev.archiver.streams.archive.RetryFailedChunk;
import dev.archiver.streams.archive.WriteChunk;
import dev.archiver.streams.catalog.CatalogFlow;
import dev.archiver.streams.chunks.ChunkFlow;
import dev.archiver.streams.chunks.ChunkTaskPartitioner;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.common.Wiring;
import dev.archiver.streams.intake.IntakeFlow;
import dev.archiver.streams.intake.RequestKinds;
import dev.archiver.streams.integrity.AggregateCheck;
import dev.archiver.streams.integrity.IntegrityFlow;
import dev.archiver.streams.integrity.VerifyChunk;
import dev.archiver.streams.lifecycle.ArchiveCommand;
import dev.archiver.streams.lifecycle.LifecycleFlow;
import dev.archiver.streams.lifecycle.PlanAdminAction;
import dev.archiver.streams.restore.RestoreFlow;
import dev.archiver.streams.restore.RestoreProgress;
import dev.archiver.streams.serde.EventTopic;
import dev.archiver.streams.serde.EventTopics;
import dev.archiver.streams.serde.JsonSerde;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.streams.work.WorkPools;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The archiver's topology, a pure function of its inputs: no I/O here, so the same topology runs
 * under TopologyTestDriver and in production. Every node and store is named: generated names would
 * shift as the topology grows and orphan state (TopologyShapeTest holds them to a golden
 * description).
 *
 * <p>Each flow wires its own nodes, in its own package: intake (decode, validate, re-key through a
 * repartition topic by the request's own id, so nothing depends on the producer's partitioner), the
 * chunk topics, archive, integrity, restore, catalog. Long work runs on {@link WorkPools} threads,
 * never inside a stream thread's transaction.
 */
public final class ArchiverTopology {

  private ArchiverTopology() {}

  /** The topology with every job run on the calling thread: for TopologyTestDriver. */
  public static Topology build(
      ArchiverConfig config, EventTopics topics, TierStores tiers, ArchiverMetrics metrics) {
    return build(config, topics, tiers, metrics, new RestoreProgress(), WorkPools.direct());
  }

  /**
   * The topology, long work run on {@code pools}.
   *
   * @param restores where running restores report how far they got (read by the REST API)
   * @param pools the threads long work runs on
   */
  public static Topology build(
      ArchiverConfig config,
      EventTopics topics,
      TierStores tiers,
      ArchiverMetrics metrics,
      RestoreProgress restores,
      WorkPools pools) {
    Wiring w = new Wiring(config, topics, tiers, metrics, pools);
    RequestKinds kinds = IntakeFlow.wire(w, PlanAdminAction.NAME);
    // The chunk topics carry archive and integrity work alike: their routers hand each record to
    // its flow by name.
    ChunkFlow.wire(
        w,
        new ChunkFlow.Routes(
            WriteChunk.NAME, VerifyChunk.NAME, RetryFailedChunk.NAME, AggregateCheck.NAME));
    ArchiveFlow.wire(
        w, kinds.archive.sourceOfAccepted(), ChunkFlow.TASK_ROUTER, ChunkFlow.RESULT_ROUTER);
    IntegrityFlow.wire(
        w, kinds.integrity.sourceOfAccepted(), ChunkFlow.TASK_ROUTER, ChunkFlow.RESULT_ROUTER);
    RestoreFlow.wire(w, kinds.restore.sourceOfAccepted(), restores);
    CatalogFlow.wire(w);
    LifecycleFlow.wire(w, kinds.admin.acceptNode());
    addSinks(w);
    return w.topology;
  }

  /** Every output topic, fed by the processors the flows declared. */
  private static void addSinks(Wiring w) {
    EventTopics topics = w.topics;
    w.topology.addSink(
        Sinks.DLQ,
        TopicNames.DLQ,
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        w.parentsOf(Sinks.DLQ));
    addSink(w, Sinks.ARCHIVE_FAILED, topics.archiveFailed);
    addSink(w, Sinks.ARCHIVE_COMPLETED, topics.archiveCompleted);
    addSink(w, Sinks.RESTORE_FAILED, topics.restoreFailed);
    addSink(w, Sinks.RESTORE_COMPLETED, topics.restoreCompleted);
    addSink(w, Sinks.INTEGRITY_RESULTS, topics.integrityResults);
    addSink(w, Sinks.INTEGRITY_REQUESTS, topics.integrityRequests);
    addSink(w, Sinks.RUN_PROGRESS, topics.runProgress);
    addSink(w, Sinks.AUDIT, topics.audit);
    addSink(w, Sinks.CHUNK_RESULTS, topics.chunkResults);
    w.topology.addSink(
        Sinks.CHUNK_TASKS,
        topics.chunkTasks.name(),
        new StringSerializer(),
        topics.chunkTasks.valueSerde().serializer(),
        new ChunkTaskPartitioner(),
        w.parentsOf(Sinks.CHUNK_TASKS));
    w.topology.addSink(
        Sinks.CATALOG,
        TopicNames.CATALOG,
        new StringSerializer(),
        new JsonSerde<>(CatalogEntry.class).serializer(),
        w.parentsOf(Sinks.CATALOG));
    w.topology.addSink(
        Sinks.ARCHIVE_COMMANDS,
        TopicNames.ARCHIVE_COMMANDS,
        new StringSerializer(),
        new JsonSerde<>(ArchiveCommand.class).serializer(),
        w.parentsOf(Sinks.ARCHIVE_COMMANDS));
  }

  private static <V> void addSink(Wiring w, String name, EventTopic<V> topic) {
    w.topology.addSink(
        name,
        topic.name(),
        new StringSerializer(),
        topic.valueSerde().serializer(),
        w.parentsOf(name));
  }
}
