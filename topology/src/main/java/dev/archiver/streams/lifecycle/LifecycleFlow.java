package dev.archiver.streams.lifecycle;

import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.common.Wiring;
import dev.archiver.streams.serde.JsonSerde;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.topics.TopicNames;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What happens to an archive after it is written: legal holds, retention and purge. Admin requests
 * become commands keyed by archive id; one task per archive applies them.
 */
public final class LifecycleFlow {

  static final String COMMANDS_SOURCE = "archive-commands-source";

  private LifecycleFlow() {}

  /**
   * Adds the admin planner, the command owner and their stores.
   *
   * @param acceptedAdmin the node accepted admin requests come from
   */
  public static void wire(Wiring w, String acceptedAdmin) {
    w.topology.addProcessor(
        PlanAdminAction.NAME,
        () ->
            new PlanAdminAction(
                w.config.retentionPurgeInterval(),
                w.config.tierPolicy(),
                w.config.tierRotationInterval()),
        acceptedAdmin);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.CATALOG_SCANS, CatalogScan.class), PlanAdminAction.NAME);
    w.feeds(PlanAdminAction.NAME, Sinks.ARCHIVE_COMMANDS, Sinks.AUDIT);

    w.topology.addSource(
        COMMANDS_SOURCE,
        new StringDeserializer(),
        new JsonSerde<>(ArchiveCommand.class).deserializer(),
        TopicNames.ARCHIVE_COMMANDS);
    w.topology.addProcessor(
        ApplyArchiveCommand.NAME,
        () -> new ApplyArchiveCommand(w.tiers, w.metrics, w.pools, w.retries()),
        COMMANDS_SOURCE);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.ARCHIVE_LIFECYCLE, CatalogEntry.class),
        ApplyArchiveCommand.NAME);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.PURGES_PENDING, CatalogEntry.class), ApplyArchiveCommand.NAME);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.MOVES_PENDING, TierMoves.Move.class), ApplyArchiveCommand.NAME);
    w.topology.addStateStore(
        Wiring.jsonStore(StoreNames.MOVE_CLEANUPS_PENDING, TierMoves.Move.class),
        ApplyArchiveCommand.NAME);
    w.feeds(ApplyArchiveCommand.NAME, Sinks.CATALOG, Sinks.AUDIT);
  }
}
