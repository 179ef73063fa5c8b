package dev.archiver.streams.catalog;

import dev.archiver.streams.common.Wiring;
import dev.archiver.streams.serde.JsonSerde;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.topics.TopicNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.Stores;

/**
 * The archive catalog: a global store every instance reads, fed by its compacted topic (its
 * changelog).
 */
public final class CatalogFlow {

  public static final String CATALOG_SOURCE = "catalog-source";

  private CatalogFlow() {}

  public static void wire(Wiring w) {
    w.topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ARCHIVE_CATALOG),
                Serdes.String(),
                new JsonSerde<>(CatalogEntry.class))
            .withLoggingDisabled(), // the archiver.catalog topic is its changelog
        CATALOG_SOURCE,
        new StringDeserializer(),
        new JsonSerde<>(CatalogEntry.class).deserializer(),
        TopicNames.CATALOG,
        UpdateCatalog.NAME,
        UpdateCatalog::new);
  }
}
