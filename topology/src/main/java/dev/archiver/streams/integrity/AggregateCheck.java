package dev.archiver.streams.integrity;

import dev.archiver.events.ChunkProblem;
import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.CheckState;
import dev.archiver.streams.state.StoreNames;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts a check's chunk verdicts; an archive's result goes out with its last chunk, the summary
 * with the check's last.
 */
public final class AggregateCheck extends ContextualProcessor<String, ChunkResult, String, Object> {

  public static final String NAME = "aggregate-check";

  private final ArchiverMetrics metrics;
  private KeyValueStore<String, CheckState> checks;
  private KeyValueStore<String, CatalogEntry> catalog;
  private CheckReporter report;

  public AggregateCheck(ArchiverMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    this.checks = context.getStateStore(StoreNames.INTEGRITY_CHECKS);
    this.catalog = context.getStateStore(StoreNames.ARCHIVE_CATALOG);
    this.report = new CheckReporter(context, metrics);
  }

  @Override
  public void process(Record<String, ChunkResult> record) {
    ChunkResult result = record.value();
    ChunkTask task = result.getTask();
    CheckState check = checks.get(task.getCheckId());
    CheckState.ArchiveCheck archive =
        check == null ? null : check.pending().get(task.getArchiveId());
    if (archive == null) {
      return; // a repeated verdict for an archive or check already reported
    }
    ChunkProblem p = result.getProblem();
    CheckState.ArchiveCheck counted =
        archive.counted(
            p == null
                ? null
                : new CheckState.Problem(
                    p.getChunkIndex(),
                    p.getKey(),
                    p.getKind().name(),
                    p.getExpected(),
                    p.getActual()),
            result.getDepth());
    if (!counted.done()) {
      checks.put(check.checkId(), check.with(task.getArchiveId(), counted));
      return;
    }
    CatalogEntry entry = catalog.get(task.getArchiveId());
    if (entry == null) {
      entry = CatalogEntry.unknown(task.getArchiveId(), counted.runId(), counted.tier(), null);
    }
    report.archiveChecked(check, entry, counted, null);
    CheckState next =
        check
            .with(task.getArchiveId(), null)
            .reported(counted)
            .counting(
                check.archivesTotal(),
                check.archivesFailed() + (counted.problems().isEmpty() ? 0 : 1));
    if (next.pending().isEmpty()) {
      report.summary(next);
      checks.delete(check.checkId());
    } else {
      checks.put(check.checkId(), next);
    }
  }
}
