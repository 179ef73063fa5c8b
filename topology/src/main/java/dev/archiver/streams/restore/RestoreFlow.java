package dev.archiver.streams.restore;

import dev.archiver.events.RestoreRequested;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.common.Wiring;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.StoreNames;

/**
 * A restore from its accepted request to its answer (the restore itself on a pool thread), and the
 * expiry of copies.
 */
public final class RestoreFlow {

  private RestoreFlow() {}

  /**
   * Adds the restore processors and their stores.
   *
   * @param accepted the node accepted restore requests come from, keyed by restore id
   * @param restores where running restores report how far they got (read by the REST API)
   */
  public static void wire(Wiring w, String accepted, RestoreProgress restores) {
    w.topology.addProcessor(
        RestoreArchive.NAME,
        () ->
            new RestoreArchive(
                w.tiers, RestoreTargets.of(w.config), restores, w.pools, w.retries()),
        accepted);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.RESTORE_QUEUE, RestoreEntry.class), RestoreArchive.NAME);
    w.topology.addStateStore(
        Wiring.avroStore(StoreNames.RESTORES_PENDING, RestoreRequested.class), RestoreArchive.NAME);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.RESTORE_EXPIRIES_PENDING, RestoreEntry.class),
        RestoreArchive.NAME);
    w.feeds(RestoreArchive.NAME, Sinks.RESTORE_COMPLETED, Sinks.RESTORE_FAILED, Sinks.AUDIT);
  }
}
