package dev.archiver.streams.integrity;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.streams.common.RecentCache;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.common.Wiring;
import dev.archiver.streams.state.CheckState;
import dev.archiver.streams.state.StoreNames;

/**
 * An integrity check from its accepted request to its summary: plan (manifests read on a pool
 * thread), verify each chunk (pool threads, chunk side), aggregate per archive and per check. Also
 * asks for scheduled sample checks.
 */
public final class IntegrityFlow {

  private IntegrityFlow() {}

  /**
   * Adds the integrity check processors and their stores.
   *
   * @param accepted the node accepted integrity requests come from, keyed by check id
   * @param taskRouter the node chunk tasks come from
   * @param resultRouter the node chunk results come from
   */
  public static void wire(Wiring w, String accepted, String taskRouter, String resultRouter) {
    w.topology.addProcessor(
        PlanIntegrityCheck.NAME,
        () ->
            new PlanIntegrityCheck(
                w.tiers,
                w.config.integrityScheduleInterval(),
                w.config.integrityScheduleSampleSize(),
                w.metrics,
                w.pools),
        accepted);
    RecentCache<String, Manifest> manifests = new RecentCache<>(8);
    w.topology.addProcessor(
        VerifyChunk.NAME, () -> new VerifyChunk(w.tiers, w.pools, manifests), taskRouter);
    w.topology.addProcessor(AggregateCheck.NAME, () -> new AggregateCheck(w.metrics), resultRouter);

    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.INTEGRITY_CHECKS, CheckState.class),
        PlanIntegrityCheck.NAME,
        AggregateCheck.NAME);
    w.topology.addStateStore(
        Wiring.avroStore(StoreNames.CHECK_PLANS_PENDING, IntegrityCheckRequested.class),
        PlanIntegrityCheck.NAME);
    w.topology.addStateStore(
        Wiring.avroStore(StoreNames.CHUNK_VERIFIES_PENDING, ChunkTask.class), VerifyChunk.NAME);

    w.feeds(
        PlanIntegrityCheck.NAME,
        Sinks.INTEGRITY_RESULTS,
        Sinks.INTEGRITY_REQUESTS,
        Sinks.CHUNK_TASKS,
        Sinks.ARCHIVE_COMMANDS,
        Sinks.AUDIT);
    w.feeds(VerifyChunk.NAME, Sinks.CHUNK_RESULTS);
    w.feeds(AggregateCheck.NAME, Sinks.INTEGRITY_RESULTS, Sinks.ARCHIVE_COMMANDS, Sinks.AUDIT);
  }
}
