package dev.archiver.streams.state;

import dev.archiver.events.RunStage;
import java.util.ArrayList;
import java.util.List;

/**
 * What the archiver knows of one run: the value of the run-state store. Stored as JSON so the store
 * can evolve by adding fields (a field missing from an older value reads as null or 0), and read by
 * the REST API and `archiver status`.
 *
 * @param requestId the request that started this attempt (answered with its outcome); null when it
 *     carried none
 * @param waiters ids of identical requests that came while the run was in flight: each gets the
 *     outcome too
 * @param files files (records) archived, known once the manifest is written
 * @param manifestSha256 SHA-256 of the manifest as stored, once written
 * @param completedAt when the manifest was written
 */
public record RunState(
    String runId,
    String archiveId,
    RunStage stage,
    String sourceUri,
    String tier,
    boolean dryRun,
    String requestedBy,
    String planKey,
    int chunksPlanned,
    int chunksDone,
    long bytesPlanned,
    long bytesDone,
    long bytesStored,
    int attempts,
    String reason,
    String lastError,
    String manifestLocation,
    long acceptedAt,
    long updatedAt,
    int generation,
    String requestId,
    List<String> waiters,
    long files,
    String manifestSha256,
    long completedAt,
    String retentionClass,
    boolean legalHold) {

  public RunState {
    waiters =
        waiters == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new ArrayList<>(waiters)); // ids may be null
  }

  public static RunState accepted(
      String runId,
      String archiveId,
      String sourceUri,
      String tier,
      boolean dryRun,
      String requestedBy,
      long now) {
    return new RunState(
        runId,
        archiveId,
        RunStage.ACCEPTED,
        sourceUri,
        tier,
        dryRun,
        requestedBy,
        null,
        0,
        0,
        0,
        0,
        0,
        0,
        null,
        null,
        null,
        now,
        now,
        0,
        null,
        List.of(),
        0,
        null,
        0,
        null,
        false);
  }

  public RunState withRequestId(String id) {
    return copy().requestId(id).build();
  }

  /** What the archive will be kept under: its retention class (null for none) and legal hold. */
  public RunState withRetention(String newRetentionClass, boolean newLegalHold) {
    Copy c = copy();
    c.retentionClass = newRetentionClass;
    c.legalHold = newLegalHold;
    return c.build();
  }

  /** A failed run requested again: a new attempt (generation) from scratch. */
  public RunState retried(
      String newSourceUri, String newTier, String newRequestedBy, String newRequestId, long now) {
    return accepted(runId, archiveId, newSourceUri, newTier, false, newRequestedBy, now)
        .copy()
        .generation(generation + 1)
        .requestId(newRequestId)
        .build();
  }

  /** True when {@code other} asks for the same work: same source and tier. */
  public boolean sameWorkAs(String otherSourceUri, String otherTier) {
    return sourceUri.equals(otherSourceUri) && tier.equals(otherTier);
  }

  /** An identical request arrived while the run is in flight: it is answered when the run ends. */
  public RunState joinedBy(String waiterRequestId, long now) {
    List<String> more = new ArrayList<>(waiters);
    more.add(waiterRequestId);
    return copy().waiters(more).updatedAt(now).build();
  }

  public RunState planning(long now) {
    return copy().stage(RunStage.PLANNING).updatedAt(now).build();
  }

  public RunState planned(String newPlanKey, int chunks, long bytes, long now) {
    return copy()
        .stage(RunStage.ARCHIVING)
        .planKey(newPlanKey)
        .chunksPlanned(chunks)
        .chunksDone(0)
        .bytesPlanned(bytes)
        .bytesDone(0)
        .bytesStored(0)
        .updatedAt(now)
        .build();
  }

  public RunState chunkDone(long bytesIn, long bytesOut, int attempt, long now) {
    return copy()
        .chunksDone(chunksDone + 1)
        .bytesDone(bytesDone + bytesIn)
        .bytesStored(bytesStored + bytesOut)
        .attempts(Math.max(attempts, attempt))
        .updatedAt(now)
        .build();
  }

  public RunState writingManifest(long now) {
    return copy().stage(RunStage.WRITING_MANIFEST).updatedAt(now).build();
  }

  public RunState completed(String location, String sha256, long fileCount, long now) {
    return copy()
        .stage(RunStage.COMPLETED)
        .reason(null)
        .lastError(null)
        .manifestLocation(location)
        .manifestSha256(sha256)
        .files(fileCount)
        .completedAt(now)
        .updatedAt(now)
        .build();
  }

  public RunState failed(String reasonCode, String message, int attempt, long now) {
    return copy()
        .stage(RunStage.FAILED)
        .reason(reasonCode)
        .lastError(message)
        .attempts(Math.max(attempts, attempt))
        .updatedAt(now)
        .build();
  }

  /**
   * A run found already archived in its tier (a replay after the state was lost): its manifest is
   * the truth.
   */
  public RunState alreadyArchived(
      String knownPlanKey,
      int chunks,
      long bytes,
      long stored,
      long fileCount,
      String location,
      String sha256,
      long createdAt,
      long now) {
    return copy()
        .stage(RunStage.COMPLETED)
        .planKey(knownPlanKey)
        .chunksPlanned(chunks)
        .chunksDone(chunks)
        .bytesPlanned(bytes)
        .bytesDone(bytes)
        .bytesStored(stored)
        .files(fileCount)
        .manifestLocation(location)
        .manifestSha256(sha256)
        .reason(null)
        .lastError(null)
        .completedAt(createdAt)
        .updatedAt(now)
        .build();
  }

  private Copy copy() {
    return new Copy(this);
  }

  /** A changed copy: every field by name, so a new field cannot shift the others. */
  private static final class Copy {
    private String runId;
    private String archiveId;
    private RunStage stage;
    private String sourceUri;
    private String tier;
    private boolean dryRun;
    private String requestedBy;
    private String planKey;
    private int chunksPlanned;
    private int chunksDone;
    private long bytesPlanned;
    private long bytesDone;
    private long bytesStored;
    private int attempts;
    private String reason;
    private String lastError;
    private String manifestLocation;
    private long acceptedAt;
    private long updatedAt;
    private int generation;
    private String requestId;
    private List<String> waiters;
    private long files;
    private String manifestSha256;
    private long completedAt;
    private String retentionClass;
    private boolean legalHold;

    Copy(RunState s) {
      runId = s.runId;
      archiveId = s.archiveId;
      stage = s.stage;
      sourceUri = s.sourceUri;
      tier = s.tier;
      dryRun = s.dryRun;
      requestedBy = s.requestedBy;
      planKey = s.planKey;
      chunksPlanned = s.chunksPlanned;
      chunksDone = s.chunksDone;
      bytesPlanned = s.bytesPlanned;
      bytesDone = s.bytesDone;
      bytesStored = s.bytesStored;
      attempts = s.attempts;
      reason = s.reason;
      lastError = s.lastError;
      manifestLocation = s.manifestLocation;
      acceptedAt = s.acceptedAt;
      updatedAt = s.updatedAt;
      generation = s.generation;
      requestId = s.requestId;
      waiters = s.waiters;
      files = s.files;
      manifestSha256 = s.manifestSha256;
      completedAt = s.completedAt;
      retentionClass = s.retentionClass;
      legalHold = s.legalHold;
    }

    Copy stage(RunStage v) {
      stage = v;
      return this;
    }

    Copy planKey(String v) {
      planKey = v;
      return this;
    }

    Copy chunksPlanned(int v) {
      chunksPlanned = v;
      return this;
    }

    Copy chunksDone(int v) {
      chunksDone = v;
      return this;
    }

    Copy bytesPlanned(long v) {
      bytesPlanned = v;
      return this;
    }

    Copy bytesDone(long v) {
      bytesDone = v;
      return this;
    }

    Copy bytesStored(long v) {
      bytesStored = v;
      return this;
    }

    Copy attempts(int v) {
      attempts = v;
      return this;
    }

    Copy reason(String v) {
      reason = v;
      return this;
    }

    Copy lastError(String v) {
      lastError = v;
      return this;
    }

    Copy manifestLocation(String v) {
      manifestLocation = v;
      return this;
    }

    Copy updatedAt(long v) {
      updatedAt = v;
      return this;
    }

    Copy generation(int v) {
      generation = v;
      return this;
    }

    Copy requestId(String v) {
      requestId = v;
      return this;
    }

    Copy waiters(List<String> v) {
      waiters = v;
      return this;
    }

    Copy files(long v) {
      files = v;
      return this;
    }

    Copy manifestSha256(String v) {
      manifestSha256 = v;
      return this;
    }

    Copy completedAt(long v) {
      completedAt = v;
      return this;
    }

    RunState build() {
      return new RunState(
          runId,
          archiveId,
          stage,
          sourceUri,
          tier,
          dryRun,
          requestedBy,
          planKey,
          chunksPlanned,
          chunksDone,
          bytesPlanned,
          bytesDone,
          bytesStored,
          attempts,
          reason,
          lastError,
          manifestLocation,
          acceptedAt,
          updatedAt,
          generation,
          requestId,
          waiters,
          files,
          manifestSha256,
          completedAt,
          retentionClass,
          legalHold);
    }
  }
}
