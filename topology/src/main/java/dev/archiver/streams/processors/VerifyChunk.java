package dev.archiver.streams.processors;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.ChunkCheck;
import dev.archiver.events.ChunkProblem;
import dev.archiver.events.ChunkProblemKind;
import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.streams.TierStores;
import java.io.IOException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-reads one stored chunk and compares it with its manifest entry: presence, size, SHA-256 of the stored bytes
 * and, for a deep check, of the unpacked content. The answer goes back keyed by the check id.
 */
public final class VerifyChunk implements Processor<Object, Object, Object, Object> {

  public static final String NAME = "verify-chunk";
  private static final int CACHED_MANIFESTS = 8;

  private final TierStores tiers;
  private final RecentCache<String, Manifest> manifests = new RecentCache<>(CACHED_MANIFESTS);
  private ProcessorContext<Object, Object> context;

  public VerifyChunk(TierStores tiers) {
    this.tiers = tiers;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<Object, Object> record) {
    ChunkTask task = (ChunkTask) record.value();
    long started = System.nanoTime();
    TierStore store = tiers.get(task.getTier());
    ChunkProblem problem;
    try {
      ManifestChunk chunk = manifest(store, task.getArchiveId()).chunks().get(task.getChunkIndex());
      ChunkCheck check = ArchiveVerifier.checkChunk(store, chunk, task.getDeep());
      problem =
          check.ok()
              ? null
              : ChunkProblem.newBuilder()
                  .setChunkIndex(chunk.index())
                  .setKey(chunk.key())
                  .setKind(ChunkProblemKind.valueOf(check.kind().name()))
                  .setExpected(check.expected())
                  .setActual(check.actual())
                  .build();
    } catch (IOException | RuntimeException e) {
      problem =
          ChunkProblem.newBuilder()
              .setChunkIndex(task.getChunkIndex())
              .setKey(String.valueOf(task.getArchiveId()) + "#" + task.getChunkIndex())
              .setKind(ChunkProblemKind.UNREADABLE)
              .setExpected("a readable chunk")
              .setActual(e.getClass().getSimpleName() + ": " + e.getMessage())
              .build();
    }
    ChunkResult result =
        ChunkResult.newBuilder()
            .setTask(task)
            .setOk(problem == null)
            .setProblem(problem)
            .setDurationMs((System.nanoTime() - started) / 1_000_000)
            .build();
    context.forward(new Record<Object, Object>(task.getCheckId(), result, context.currentSystemTimeMs()), Sinks.CHUNK_RESULTS);
  }

  private Manifest manifest(TierStore store, String archiveId) throws IOException {
    return manifests.get(archiveId, id -> Manifests.read(store, id));
  }
}
