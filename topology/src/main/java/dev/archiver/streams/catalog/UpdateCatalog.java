package dev.archiver.streams.catalog;

import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global archive-catalog store in step with the archiver.catalog topic, so every instance
 * and task sees every archive (integrity sampling and scope ALL need the whole catalog, not one
 * partition of it).
 */
public final class UpdateCatalog implements Processor<String, CatalogEntry, Void, Void> {

  public static final String NAME = "update-catalog";

  private KeyValueStore<String, CatalogEntry> catalog;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    catalog = context.getStateStore(StoreNames.ARCHIVE_CATALOG);
  }

  @Override
  public void process(Record<String, CatalogEntry> record) {
    if (record.value() == null) {
      catalog.delete(record.key());
    } else {
      catalog.put(record.key(), record.value());
    }
  }
}
