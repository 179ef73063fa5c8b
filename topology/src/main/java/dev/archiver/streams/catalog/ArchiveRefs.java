package dev.archiver.streams.catalog;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.streams.state.CatalogEntry;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Finds an archive in the catalog by archive id or by run id, each in its own field: a run id is
 * never looked up as an archive id, nor the other way round, since a run may be named like another
 * run's archive.
 */
public final class ArchiveRefs {

  private ArchiveRefs() {}

  /** By {@code archiveId} when given, else by {@code runId}. */
  public static Optional<CatalogEntry> find(
      KeyValueStore<String, CatalogEntry> catalog, String archiveId, String runId) {
    if (archiveId != null) {
      return Optional.ofNullable(catalog.get(archiveId));
    }
    if (runId != null) {
      return Optional.ofNullable(catalog.get(ArchiveKeys.archiveId(runId)));
    }
    return Optional.empty();
  }
}
