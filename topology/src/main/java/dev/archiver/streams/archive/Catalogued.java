package dev.archiver.streams.archive;

import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.lifecycle.ArchiveCommand;
import dev.archiver.streams.lifecycle.RetentionPolicy;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.RunState;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A written archive entering the catalog: its entry, with the retention its run asked for, goes to
 * the catalog and, as its first command, to the task that owns the archive from then on.
 */
final class Catalogued {

  private final RetentionPolicy retention;

  Catalogued(RetentionPolicy retention) {
    this.retention = retention;
  }

  CatalogEntry entry(
      RunState run,
      String manifestKey,
      String manifestLocation,
      String manifestSha256,
      int chunks,
      long bytesIn,
      long bytesOut,
      long files,
      String keyId,
      long createdAt) {
    return new CatalogEntry(
        run.archiveId(),
        run.runId(),
        run.tier(),
        manifestKey,
        manifestLocation,
        manifestSha256,
        chunks,
        bytesIn,
        bytesOut,
        files,
        run.retentionClass(),
        run.legalHold(),
        keyId,
        createdAt,
        null,
        "OK",
        retention.expiresAt(run.retentionClass(), createdAt));
  }

  static void record(ProcessorContext<String, Object> context, CatalogEntry entry, long now) {
    context.forward(new Record<>(entry.archiveId(), entry, now), Sinks.CATALOG);
    context.forward(
        new Record<>(entry.archiveId(), ArchiveCommand.created(entry, now), now),
        Sinks.ARCHIVE_COMMANDS);
  }
}
