package dev.archiver.streams.catalog;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.streams.state.CatalogEntry;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/** Finds an archive in the catalog by archive id or by run id; either may be given in the other's place. */
public final class ArchiveRefs {

  private ArchiveRefs() {}

  public static Optional<CatalogEntry> find(KeyValueStore<String, CatalogEntry> catalog, String archiveId, String runId) {
    for (String candidate : new String[] {archiveId, runId}) {
      if (candidate == null) {
        continue;
      }
      CatalogEntry byArchive = catalog.get(candidate);
      if (byArchive != null) {
        return Optional.of(byArchive);
      }
      CatalogEntry byRun = catalog.get(ArchiveKeys.archiveId(candidate));
      if (byRun != null) {
        return Optional.of(byRun);
      }
    }
    return Optional.empty();
  }
}
