package dev.archiver.streams.archive;

import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RunProgress;
import dev.archiver.events.RunStage;
import dev.archiver.events.StorageTier;
import dev.archiver.streams.common.Messages;
import dev.archiver.streams.common.ReasonCodes;
import dev.archiver.streams.state.RunState;
import java.time.Instant;

/** The progress, completion and failure events of a run, from its state. */
final class RunEvents {

  private RunEvents() {}

  static RunProgress progress(RunState run, long now) {
    return RunProgress.newBuilder()
        .setRunId(run.runId())
        .setStage(run.stage())
        .setChunksDone(run.chunksDone())
        .setChunksTotal(run.chunksPlanned())
        .setBytesDone(run.bytesDone())
        .setBytesTotal(run.bytesPlanned())
        .setMessage(
            run.stage() == RunStage.FAILED
                ? Messages.cap(run.reason() + ": " + run.lastError())
                : null)
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .build();
  }

  /**
   * The answer to {@code requestId} for a completed run; {@code repeat} when that request started
   * nothing.
   */
  static ArchiveCompleted completed(RunState run, String requestId, boolean repeat) {
    return ArchiveCompleted.newBuilder()
        .setRunId(run.runId())
        .setArchiveId(run.archiveId())
        .setTier(StorageTier.valueOf(run.tier()))
        .setLocation(run.manifestLocation())
        .setChunkCount(run.chunksPlanned())
        .setBytesIn(run.bytesDone())
        .setBytesOut(run.bytesStored())
        .setRecords(run.files())
        .setManifestSha256(run.manifestSha256() == null ? "" : run.manifestSha256())
        .setStartedAt(Instant.ofEpochMilli(run.acceptedAt()))
        .setCompletedAt(
            Instant.ofEpochMilli(run.completedAt() > 0 ? run.completedAt() : run.updatedAt()))
        .setRequestId(requestId)
        .setRepeat(repeat)
        .build();
  }

  static ArchiveFailed failed(
      String runId,
      String requestId,
      ReasonCode reason,
      String message,
      int attempts,
      boolean runFailed,
      long now) {
    return ArchiveFailed.newBuilder()
        .setRunId(runId)
        .setReason(reason)
        .setMessage(Messages.cap(message))
        .setAttempts(attempts)
        .setRetriable(ReasonCodes.retriable(reason))
        .setRequestId(requestId)
        .setRunFailed(runFailed)
        .setFailedAt(Instant.ofEpochMilli(now))
        .build();
  }
}
