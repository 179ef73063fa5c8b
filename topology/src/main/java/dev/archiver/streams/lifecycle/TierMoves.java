package dev.archiver.streams.lifecycle;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.tier.RetrievalTier;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.ChunkCheck;
import dev.archiver.connectors.verify.ManifestCheck;
import dev.archiver.streams.common.Thaws;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.BackgroundJobs;
import dev.archiver.streams.work.Finished;
import dev.archiver.streams.work.Retries;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Moves an archive to another tier in three steps, each safe to repeat after a crash: copy every
 * object and check the copy against the manifest (pool thread); switch the catalog to the copy
 * (stream thread, in the same transaction that records the next step); delete the old copy, its
 * manifest first (pool thread). At every moment one complete copy is in the catalog.
 */
final class TierMoves {

  /** A move of {@code entry} (as it was, in its old tier) to {@code toTier}. */
  record Move(CatalogEntry entry, String toTier, String requestId, String requestedBy) {}

  /** The archive's bytes are not what its manifest says any more; the move is abandoned. */
  static final class CopyNotIntactException extends IOException {
    private static final long serialVersionUID = 1L;

    CopyNotIntactException(String message) {
      super(message);
    }
  }

  private final TierStores tiers;
  private final BackgroundJobs<Move, String> copies;
  private final BackgroundJobs<Move, Integer> drops;

  TierMoves(TierStores tiers, WorkPools pools, Retries retries) {
    this.tiers = tiers;
    this.copies =
        new BackgroundJobs<Move, String>(
                StoreNames.MOVES_PENDING, pools, WorkPools.Pool.RUNS, (key, m) -> () -> copy(m))
            .retrying(retries.when(TierMoves::isRetriable));
    this.drops =
        new BackgroundJobs<Move, Integer>(
                StoreNames.MOVE_CLEANUPS_PENDING,
                pools,
                WorkPools.Pool.RUNS,
                (key, m) -> () -> dropOldCopy(m))
            .retrying(retries.when(failure -> failure instanceof IOException));
  }

  private static boolean isRetriable(Throwable failure) {
    return failure instanceof IOException && !(failure instanceof CopyNotIntactException);
  }

  void init(
      ProcessorContext<?, ?> context,
      Consumer<Finished<Move, String>> copied,
      Consumer<Finished<Move, String>> waiting,
      Consumer<Finished<Move, Integer>> dropped) {
    copies.init(context, copied, waiting);
    drops.init(context, dropped);
  }

  void start(Move move) {
    copies.start(move.entry().archiveId(), move);
  }

  /** Records, with the switch, that the old copy is to be deleted. */
  void dropOld(Move move) {
    drops.start(move.entry().archiveId(), move);
  }

  void deliver() {
    copies.deliver();
    drops.deliver();
  }

  void close() {
    copies.close();
    drops.close();
  }

  /** Pool thread: copies every object (the manifest last) and checks the copy. */
  private String copy(Move move) throws Exception {
    CatalogEntry entry = move.entry();
    TierStore from = tiers.get(entry.tier());
    TierStore to = tiers.get(move.toTier());
    String archiveId = entry.archiveId();
    List<String> keys = new ArrayList<>(from.list(ArchiveKeys.prefix(archiveId)));
    if (from.thaws().isPresent()) {
      // Out of a cold class: the cheapest thaw, since nobody waits on a rotation.
      Thaws.ensureReadable(from.thaws().get(), keys, RetrievalTier.BULK, 1, Instant.now());
    }
    String manifestKey = ArchiveKeys.manifestKey(archiveId);
    keys.remove(manifestKey);
    keys.add(manifestKey);
    for (String key : keys) {
      to.put(
          key,
          out -> {
            try (InputStream in = from.open(key)) {
              return in.transferTo(out);
            }
          });
    }
    ManifestCheck manifest = ArchiveVerifier.checkManifest(to, archiveId, entry.manifestSha256());
    if (!manifest.ok()) {
      throw new CopyNotIntactException("the copy's manifest: " + manifest.describe());
    }
    for (ManifestChunk chunk : manifest.manifest().chunks()) {
      ChunkCheck check = ArchiveVerifier.checkChunk(to, chunk, false);
      if (!check.ok()) {
        throw new CopyNotIntactException(
            "the copy's chunk " + chunk.index() + ": " + check.describe());
      }
    }
    return to.location(manifestKey);
  }

  /** Pool thread: deletes a copy, manifest first, so what is left is never taken for an archive. */
  int deleteCopy(String tier, String archiveId) throws IOException {
    TierStore store = tiers.get(tier);
    int deleted = 0;
    store.delete(ArchiveKeys.manifestKey(archiveId));
    deleted++;
    for (String key : store.list(ArchiveKeys.prefix(archiveId))) {
      store.delete(key);
      deleted++;
    }
    return deleted;
  }

  private Integer dropOldCopy(Move move) throws IOException {
    return deleteCopy(move.entry().tier(), move.entry().archiveId());
  }
}
