package dev.archiver.streams.integrity;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.CheckKind;
import dev.archiver.connectors.verify.ManifestCheck;
import dev.archiver.events.AuditSubject;
import dev.archiver.events.ChunkPurpose;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import dev.archiver.events.StorageTier;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.catalog.ArchiveRefs;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.CheckState;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.BackgroundJobs;
import dev.archiver.streams.work.Finished;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an integrity check request into work: resolves its scope against the catalog, checks each
 * archive's manifest (and, for scope ALL, lists the tiers for orphans) on a run-pool thread, then
 * emits one VERIFY task per chunk so a large archive spreads over partitions like an archive run.
 * On a wall-clock schedule (when configured) it also asks for sample checks itself, as a request
 * anyone can see.
 */
public final class PlanIntegrityCheck
    extends ContextualProcessor<String, IntegrityCheckRequested, String, Object> {

  public static final String NAME = "integrity-requests-accept";
  private static final Logger LOG = LoggerFactory.getLogger(PlanIntegrityCheck.class);

  /**
   * What reading the tier found: each archive's manifest check, and the orphans (scope ALL only,
   * else null).
   */
  record Found(List<CatalogEntry> archives, List<ManifestCheck> manifests, List<String> orphans) {}

  private final TierStores tiers;
  private final Duration scheduleEvery;
  private final int scheduledSample;
  private final ArchiverMetrics metrics;
  private final Random random = new Random();
  private final BackgroundJobs<IntegrityCheckRequested, Found> jobs;
  private KeyValueStore<String, CheckState> checks;
  private KeyValueStore<String, CatalogEntry> catalog;
  private CheckReporter report;

  public PlanIntegrityCheck(
      TierStores tiers,
      Duration scheduleEvery,
      int scheduledSample,
      ArchiverMetrics metrics,
      WorkPools pools) {
    this.tiers = tiers;
    this.scheduleEvery = scheduleEvery;
    this.scheduledSample = scheduledSample;
    this.metrics = metrics;
    this.jobs =
        new BackgroundJobs<>(
            StoreNames.CHECK_PLANS_PENDING, pools, WorkPools.Pool.RUNS, this::reader);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    this.checks = context.getStateStore(StoreNames.INTEGRITY_CHECKS);
    this.catalog = context.getStateStore(StoreNames.ARCHIVE_CATALOG);
    this.report = new CheckReporter(context, metrics);
    jobs.init(context, this::plan);
    // One task schedules for the whole application; the others would only repeat it.
    if (!scheduleEvery.isZero() && context.taskId().partition() == 0) {
      context.schedule(
          scheduleEvery, PunctuationType.WALL_CLOCK_TIME, this::requestScheduledSample);
    }
  }

  @Override
  public void process(Record<String, IntegrityCheckRequested> record) {
    IntegrityCheckRequested request = record.value();
    if (checks.get(request.getCheckId()) == null
        && !jobs.isPending(request.getCheckId())) { // else a repeat of a check in progress
      jobs.start(request.getCheckId(), request);
    }
    jobs.deliver();
  }

  @Override
  public void close() {
    jobs.close();
  }

  /**
   * On the stream thread: resolves the scope; the returned work reads manifests (and lists tiers)
   * on a pool thread.
   */
  private Callable<Found> reader(String checkId, IntegrityCheckRequested request) {
    List<CatalogEntry> archives = resolve(request);
    return () -> {
      List<ManifestCheck> manifests = new ArrayList<>();
      for (CatalogEntry archive : archives) {
        manifests.add(checkManifest(tiers.get(archive.tier()), archive));
      }
      List<String> orphans = null;
      if (request.getScope() == IntegrityScope.ALL) {
        orphans =
            orphans(
                manifests.stream().filter(ManifestCheck::ok).map(ManifestCheck::manifest).toList());
      }
      return new Found(archives, manifests, orphans);
    };
  }

  /**
   * On the stream thread: reports bad manifests, emits a VERIFY task per chunk of the good ones.
   */
  private void plan(Finished<IntegrityCheckRequested, Found> done) {
    IntegrityCheckRequested request = done.job();
    long now = context().currentSystemTimeMs();
    CheckState check =
        CheckState.start(
            request.getCheckId(),
            request.getScope().name(),
            request.getDeep(),
            request.getRequestedBy(),
            now);
    Found found =
        done.failed()
            ? new Found(
                List.of(),
                List.of(),
                List.of("(the check could not read the tier: " + done.failure() + ")"))
            : done.result();
    int failedUpFront = 0;
    for (int i = 0; i < found.archives().size(); i++) {
      CatalogEntry archive = found.archives().get(i);
      ManifestCheck manifest = found.manifests().get(i);
      if (!manifest.ok()) {
        report.archiveChecked(check, archive, null, manifest.describe());
        failedUpFront++;
        continue;
      }
      check =
          check.with(
              archive.archiveId(),
              new CheckState.ArchiveCheck(
                  archive.runId(),
                  archive.tier(),
                  manifest.manifest().chunks().size(),
                  0,
                  List.of()));
      for (ManifestChunk chunk : manifest.manifest().chunks()) {
        context()
            .forward(
                new Record<>(
                    archive.archiveId() + "#" + chunk.index(),
                    verifyTask(request, archive, chunk),
                    now),
                Sinks.CHUNK_TASKS);
      }
    }
    if (found.orphans() != null) {
      check = check.withOrphans(found.orphans());
    }
    LOG.info(
        "event=integrity_check_planned check={} scope={} archives={} deep={}",
        request.getCheckId(),
        request.getScope(),
        found.archives().size(),
        request.getDeep());
    context()
        .forward(
            new Record<>(
                request.getCheckId(),
                AuditEvents.of(
                    AuditSubject.INTEGRITY_CHECK,
                    request.getCheckId(),
                    "accepted",
                    request.getRequestedBy(),
                    Map.of(
                        "scope",
                        request.getScope().name(),
                        "archives",
                        Integer.toString(found.archives().size())),
                    now),
                now),
            Sinks.AUDIT);
    CheckState planned = check.counting(found.archives().size(), failedUpFront);
    if (planned.pending().isEmpty()) {
      report.summary(planned);
    } else {
      checks.put(request.getCheckId(), planned);
    }
  }

  /**
   * The manifest check; a tier that cannot be read counts as an unreadable manifest, never as
   * intact.
   */
  private static ManifestCheck checkManifest(TierStore store, CatalogEntry archive) {
    try {
      return ArchiveVerifier.checkManifest(store, archive.archiveId(), archive.manifestSha256());
    } catch (IOException e) {
      return new ManifestCheck(
          archive.archiveId(),
          archive.manifestKey(),
          CheckKind.UNREADABLE,
          "a readable manifest",
          e.getClass().getSimpleName() + ": " + e.getMessage(),
          null,
          null);
    }
  }

  private List<CatalogEntry> resolve(IntegrityCheckRequested request) {
    if (request.getScope() == IntegrityScope.ARCHIVE) {
      return ArchiveRefs.find(catalog, request.getArchiveId(), request.getRunId())
          .map(List::of)
          .orElseGet(() -> List.of(missing(request)));
    }
    List<CatalogEntry> all = new ArrayList<>();
    try (KeyValueIterator<String, CatalogEntry> it = catalog.all()) {
      it.forEachRemaining(kv -> all.add(kv.value));
    }
    if (request.getScope() == IntegrityScope.SAMPLE && all.size() > request.getSampleSize()) {
      Collections.shuffle(all, random);
      return List.copyOf(all.subList(0, request.getSampleSize()));
    }
    return all;
  }

  /**
   * An archive the catalog does not know: checked all the same, so a lost catalog entry shows as a
   * missing manifest.
   */
  private static CatalogEntry missing(IntegrityCheckRequested request) {
    String archiveId =
        request.getArchiveId() != null
            ? request.getArchiveId()
            : ArchiveKeys.archiveId(request.getRunId());
    String runId = request.getRunId() != null ? request.getRunId() : "unknown";
    return CatalogEntry.unknown(
        archiveId, runId, StorageTier.FILESYSTEM.name(), ArchiveKeys.manifestKey(archiveId));
  }

  private List<String> orphans(List<Manifest> manifests) {
    List<String> orphans = new ArrayList<>();
    for (StorageTier tier : tiers.configured()) {
      try {
        ArchiveVerifier.orphans(tiers.get(tier), manifests).forEach(o -> orphans.add(o.key()));
      } catch (IOException e) {
        orphans.add("(tier " + tier + " could not be listed: " + e.getMessage() + ")");
      }
    }
    return orphans;
  }

  private static ChunkTask verifyTask(
      IntegrityCheckRequested request, CatalogEntry archive, ManifestChunk chunk) {
    return ChunkTask.newBuilder()
        .setRunId(archive.runId())
        .setArchiveId(archive.archiveId())
        .setChunkIndex(chunk.index())
        .setChunkCount(0)
        .setRangeStart(chunk.offset())
        .setRangeEnd(chunk.offset() + chunk.bytesIn())
        .setPlanKey("")
        .setTier(StorageTier.valueOf(archive.tier()))
        .setPurpose(ChunkPurpose.VERIFY)
        .setCheckId(request.getCheckId())
        .setDeep(request.getDeep())
        .build();
  }

  private void requestScheduledSample(long now) {
    String checkId = "scheduled-" + Instant.ofEpochMilli(now).toString().replace(':', '-');
    IntegrityCheckRequested request =
        IntegrityCheckRequested.newBuilder()
            .setCheckId(checkId)
            .setScope(IntegrityScope.SAMPLE)
            .setSampleSize(scheduledSample)
            .setDeep(true)
            .setRequestedBy("archiver-scheduler")
            .setRequestedAt(Instant.ofEpochMilli(now))
            .build();
    LOG.info("event=integrity_check_scheduled check={} sample={}", checkId, scheduledSample);
    context().forward(new Record<>(checkId, request, now), Sinks.INTEGRITY_REQUESTS);
  }
}
