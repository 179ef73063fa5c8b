package dev.archiver.streams.state;

import dev.archiver.events.ChunkTask;
import dev.archiver.events.StorageTier;

/** A failed chunk waiting for its next attempt: the value of the chunk-retries store. */
public record PendingRetry(
    String runId,
    String archiveId,
    int chunkIndex,
    int chunkCount,
    long rangeStart,
    long rangeEnd,
    String planKey,
    String tier,
    int compressionLevel,
    int nextAttempt,
    long dueAt,
    int generation) {

  public static PendingRetry of(ChunkTask failed, long dueAt) {
    return new PendingRetry(
        failed.getRunId(),
        failed.getArchiveId(),
        failed.getChunkIndex(),
        failed.getChunkCount(),
        failed.getRangeStart(),
        failed.getRangeEnd(),
        failed.getPlanKey(),
        failed.getTier().name(),
        failed.getCompressionLevel(),
        failed.getAttempt() + 1,
        dueAt,
        failed.getGeneration());
  }

  public ChunkTask toTask() {
    return ChunkTask.newBuilder()
        .setRunId(runId)
        .setArchiveId(archiveId)
        .setChunkIndex(chunkIndex)
        .setChunkCount(chunkCount)
        .setRangeStart(rangeStart)
        .setRangeEnd(rangeEnd)
        .setPlanKey(planKey)
        .setTier(StorageTier.valueOf(tier))
        .setCompressionLevel(compressionLevel)
        .setAttempt(nextAttempt)
        .setGeneration(generation)
        .build();
  }

  public String storeKey() {
    return StoredChunk.storeKey(runId, chunkIndex);
  }
}
