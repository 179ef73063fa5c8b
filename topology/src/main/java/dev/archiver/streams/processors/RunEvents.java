package dev.archiver.streams.processors;

import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RunProgress;
import dev.archiver.events.RunStage;
import dev.archiver.streams.state.RunState;
import java.time.Instant;

/** The progress and failure events of a run, from its state. */
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
        .setMessage(run.stage() == RunStage.FAILED ? run.reason() + ": " + run.lastError() : null)
        .setUpdatedAt(Instant.ofEpochMilli(now))
        .build();
  }

  static ArchiveFailed failed(RunState run, ReasonCode reason, String message, int attempts, boolean retriable, long now) {
    return ArchiveFailed.newBuilder()
        .setRunId(run.runId())
        .setReason(reason)
        .setMessage(message)
        .setAttempts(attempts)
        .setRetriable(retriable)
        .setFailedAt(Instant.ofEpochMilli(now))
        .build();
  }
}
