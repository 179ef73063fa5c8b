package dev.archiver.streams.archive;

import dev.archiver.connectors.file.TarLayout;
import dev.archiver.connectors.paths.RootedPaths;
import dev.archiver.events.ChunkTask;
import dev.archiver.streams.common.RecentCache;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.common.Wiring;
import dev.archiver.streams.lifecycle.RetentionPolicy;
import dev.archiver.streams.state.PendingRetry;
import dev.archiver.streams.state.PlanJob;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.state.StoredChunk;

/**
 * A run from its accepted request to its archive: register (the request's meaning for its run),
 * plan (on a pool thread), write chunks (on pool threads, on the chunk side), retry failed chunks,
 * aggregate and write the manifest.
 */
public final class ArchiveFlow {

  private ArchiveFlow() {}

  /**
   * Adds the archive processors and their stores.
   *
   * @param accepted the node accepted archive requests come from, keyed by run id
   * @param taskRouter the node chunk tasks come from
   * @param resultRouter the node chunk results come from
   */
  public static void wire(Wiring w, String accepted, String taskRouter, String resultRouter) {
    w.topology.addProcessor(
        RegisterRun.NAME,
        () -> new RegisterRun(PlanRun.NAME, w.metrics, RetentionPolicy.of(w.config)),
        accepted);
    w.topology.addProcessor(
        PlanRun.NAME,
        () ->
            new PlanRun(
                w.tiers,
                new RootedPaths("source", w.config.sourceRoots()),
                w.config.chunkSize(),
                w.config.compressionLevel(),
                w.metrics,
                w.pools,
                w.retries(),
                RetentionPolicy.of(w.config)),
        RegisterRun.NAME);
    // One per topology: a run's chunks are on several partitions. A paged plan holds only its index
    // here; its pages are read by each chunk for its own range.
    RecentCache<String, TarLayout> plans = new RecentCache<>(8);
    w.topology.addProcessor(
        WriteChunk.NAME, () -> new WriteChunk(w.tiers, w.metrics, w.pools, plans), taskRouter);
    w.topology.addProcessor(
        RetryFailedChunk.NAME,
        () ->
            new RetryFailedChunk(
                w.config.chunkMaxAttempts(), w.config.chunkRetryBackoff(), w.metrics),
        resultRouter);
    w.topology.addProcessor(
        AggregateRun.NAME,
        () ->
            new AggregateRun(
                w.tiers, w.metrics, w.pools, w.retries(), RetentionPolicy.of(w.config)),
        RetryFailedChunk.NAME);

    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.RUN_STATE, RunState.class),
        RegisterRun.NAME,
        PlanRun.NAME,
        RetryFailedChunk.NAME,
        AggregateRun.NAME);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.RUN_CHUNKS, StoredChunk.class), AggregateRun.NAME);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.CHUNK_RETRIES, PendingRetry.class), RetryFailedChunk.NAME);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.PLANS_PENDING, PlanJob.class), PlanRun.NAME);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.MANIFESTS_PENDING, RunState.class), AggregateRun.NAME);
    w.topology.addStateStore(
        Wiring.avroStore(StoreNames.CHUNK_WRITES_PENDING, ChunkTask.class), WriteChunk.NAME);

    w.feeds(
        RegisterRun.NAME,
        Sinks.ARCHIVE_COMPLETED,
        Sinks.ARCHIVE_FAILED,
        Sinks.RUN_PROGRESS,
        Sinks.AUDIT);
    w.feeds(
        PlanRun.NAME,
        Sinks.ARCHIVE_COMPLETED,
        Sinks.ARCHIVE_FAILED,
        Sinks.RUN_PROGRESS,
        Sinks.AUDIT,
        Sinks.CHUNK_TASKS,
        Sinks.CATALOG,
        Sinks.ARCHIVE_COMMANDS);
    w.feeds(WriteChunk.NAME, Sinks.CHUNK_RESULTS);
    w.feeds(RetryFailedChunk.NAME, Sinks.CHUNK_TASKS);
    w.feeds(
        AggregateRun.NAME,
        Sinks.ARCHIVE_COMPLETED,
        Sinks.ARCHIVE_FAILED,
        Sinks.RUN_PROGRESS,
        Sinks.AUDIT,
        Sinks.CATALOG,
        Sinks.ARCHIVE_COMMANDS);
  }
}
