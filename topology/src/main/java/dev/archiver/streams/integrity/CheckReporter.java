package dev.archiver.streams.integrity;

import dev.archiver.events.AuditSubject;
import dev.archiver.events.CheckDepth;
import dev.archiver.events.ChunkProblem;
import dev.archiver.events.ChunkProblemKind;
import dev.archiver.events.IntegrityCheckCompleted;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.lifecycle.ArchiveCommand;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.CheckState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes integrity results: one per archive, then one summary per check; records the verdict in
 * the catalog.
 */
final class CheckReporter {

  private static final Logger LOG = LoggerFactory.getLogger(CheckReporter.class);

  private final ProcessorContext<String, Object> context;
  private final ArchiverMetrics metrics;

  CheckReporter(ProcessorContext<String, Object> context, ArchiverMetrics metrics) {
    this.context = context;
    this.metrics = metrics;
  }

  /**
   * @param chunks the archive's chunk verdicts, null when its manifest failed and no chunk was
   *     checked
   * @param manifestProblem why the manifest itself failed, or null when it was intact
   */
  void archiveChecked(
      CheckState check,
      CatalogEntry archive,
      CheckState.ArchiveCheck chunks,
      String manifestProblem) {
    long now = context.currentSystemTimeMs();
    List<CheckState.Problem> problems = chunks == null ? List.of() : chunks.problems();
    int problemsOmitted = chunks == null ? 0 : chunks.problemsOmitted();
    boolean ok = manifestProblem == null && problems.isEmpty() && problemsOmitted == 0;
    IntegrityCheckCompleted result =
        IntegrityCheckCompleted.newBuilder()
            .setCheckId(check.checkId())
            .setArchiveId(archive.archiveId())
            .setRunId(archive.runId())
            .setOk(ok)
            .setManifestOk(manifestProblem == null)
            .setProblems(problems.stream().map(CheckReporter::toEvent).toList())
            .setProblemsOmitted(problemsOmitted)
            .setDepth(depth(chunks == null ? null : chunks.depth()))
            .setChunksChecked(chunks == null ? 0 : chunks.chunksDone())
            .setChunksByStoredChecksum(chunks == null ? 0 : chunks.chunksByStoredChecksum())
            .setCheckedAt(Instant.ofEpochMilli(now))
            .build();
    if (chunks != null && chunks.chunksByStoredChecksum() > 0 && check.deep()) {
      LOG.info(
          "event=archive_checked_by_stored_checksum check={} archive={} chunks={} of={} reason=\"cold class, not thawed: S3's stored SHA-256 was compared with the manifest, the bytes were not read\"",
          check.checkId(),
          archive.archiveId(),
          chunks.chunksByStoredChecksum(),
          chunks.chunksDone());
    }
    context.forward(new Record<>(archive.archiveId(), result, now), Sinks.INTEGRITY_RESULTS);
    if (archive.manifestLocation() != null) {
      context.forward(
          new Record<>(
              archive.archiveId(),
              ArchiveCommand.verified(archive.archiveId(), ok, check.requestedBy(), now),
              now),
          Sinks.ARCHIVE_COMMANDS);
    }
    if (!ok) {
      if (manifestProblem != null) {
        metrics.integrityFailed("MANIFEST");
      }
      problems.forEach(p -> metrics.integrityFailed(p.kind()));
      LOG.warn(
          "event=archive_not_intact check={} archive={} manifest_problem=\"{}\" chunk_problems={}",
          check.checkId(),
          archive.archiveId(),
          manifestProblem,
          problems);
    }
    context.forward(
        new Record<>(
            archive.archiveId(),
            AuditEvents.of(
                AuditSubject.ARCHIVE,
                archive.archiveId(),
                ok ? "verified" : "corrupt",
                check.requestedBy(),
                Map.of(
                    "checkId",
                    check.checkId(),
                    "problems",
                    Integer.toString(problems.size() + (manifestProblem == null ? 0 : 1))),
                now),
            now),
        Sinks.AUDIT);
  }

  void summary(CheckState check) {
    long now = context.currentSystemTimeMs();
    IntegrityCheckCompleted summary =
        IntegrityCheckCompleted.newBuilder()
            .setCheckId(check.checkId())
            .setArchiveId("*")
            .setRunId("*")
            // Orphans are listed, not counted against the archives: a run still in flight has
            // chunks and a plan
            // but no manifest yet, and looks exactly like one that failed.
            .setOk(check.archivesFailed() == 0)
            .setManifestOk(true)
            .setOrphans(check.orphans())
            .setOrphansOmitted(check.orphansOmitted())
            .setSummary(true)
            .setArchivesChecked(check.archivesTotal())
            .setArchivesFailed(check.archivesFailed())
            .setDepth(depth(check.depth()))
            .setChunksChecked(check.chunksChecked())
            .setChunksByStoredChecksum(check.chunksByStoredChecksum())
            .setCheckedAt(Instant.ofEpochMilli(now))
            .build();
    LOG.info(
        "event=integrity_check_done check={} archives={} not_intact={} orphans={} depth={} chunks={} chunks_by_stored_checksum={}",
        check.checkId(),
        check.archivesTotal(),
        check.archivesFailed(),
        check.orphans().size() + check.orphansOmitted(),
        check.depth(),
        check.chunksChecked(),
        check.chunksByStoredChecksum());
    context.forward(new Record<>(check.checkId(), summary, now), Sinks.INTEGRITY_RESULTS);
  }

  private static CheckDepth depth(String name) {
    if (name == null) {
      return null;
    }
    try {
      return CheckDepth.valueOf(name);
    } catch (IllegalArgumentException e) {
      return CheckDepth.UNKNOWN;
    }
  }

  private static ChunkProblem toEvent(CheckState.Problem p) {
    return ChunkProblem.newBuilder()
        .setChunkIndex(p.chunkIndex())
        .setKey(p.key())
        .setKind(ChunkProblemKind.valueOf(p.kind()))
        .setExpected(p.expected())
        .setActual(p.actual())
        .build();
  }
}
