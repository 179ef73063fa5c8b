package dev.archiver.streams.archive;

import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.spool.ChunkSpool;
import dev.archiver.connectors.spool.SpoolCorruptedException;
import dev.archiver.connectors.spool.SpooledChunk;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.events.StorageTier;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.TierOutages;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.work.NotReadyYet;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a chunk into its tier, and through an outage of the tier's object store: while the store is
 * unreachable the chunk is packed into the local spool instead, and drained from there once the
 * store answers. Until the chunk is in its tier the job answers {@link NotReadyYet}: it stays
 * pending, costs no attempt, and the run waits, so a run never completes before its archive is in
 * its tier. A chunk that finds the spool full (or no spool) holds its place the same way and packs
 * when the store is back.
 */
final class ChunkDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkDelivery.class);

  private final TierStores tiers;
  private final ArchiverMetrics metrics;

  ChunkDelivery(TierStores tiers, ArchiverMetrics metrics) {
    this.tiers = tiers;
    this.metrics = metrics;
  }

  /**
   * @param maxStoredBytes the most the packed chunk can take (room reserved in the spool)
   * @param packing packs the chunk into a store under a key
   */
  PackedChunk deliver(
      StorageTier tier, String key, long maxStoredBytes, ChunkSpool.ChunkPacking packing)
      throws IOException, NotReadyYet {
    TierStore store = tiers.get(tier);
    if (!tiers.waitsOutOutages(tier)) {
      return packing.packInto(store, key);
    }
    Optional<SpooledChunk> spooled = tiers.spool().find(tier.name(), key);
    if (spooled.isPresent()) {
      Optional<PackedChunk> drained = drain(spooled.get(), store, tier);
      if (drained.isPresent()) {
        return drained.get();
      }
    }
    boolean spoolTried = false;
    if (tiers.outages().isDown(tier)) {
      spoolTried = true;
      if (spool(tier, key, maxStoredBytes, packing)) {
        throw waitInSpool(tier, key);
      }
      // No room in the spool: this chunk's own attempt is the probe.
    }
    try {
      PackedChunk packed = packing.packInto(store, key);
      tiers.outages().reached(tier);
      return packed;
    } catch (IOException e) {
      if (!TierOutages.isOutage(e)) {
        throw e;
      }
      tiers.outages().failed(tier, e);
      if (!spoolTried && spool(tier, key, maxStoredBytes, packing)) {
        throw waitInSpool(tier, key);
      }
      throw waitOutside(tier, key);
    }
  }

  /** Empty when the spooled copy turned out damaged: the chunk is packed again. */
  private Optional<PackedChunk> drain(SpooledChunk chunk, TierStore store, StorageTier tier)
      throws IOException, NotReadyYet {
    try {
      PackedChunk packed = tiers.spool().drain(chunk, store);
      tiers.outages().reached(tier);
      metrics.spool("drained");
      LOG.info(
          "event=chunk_drained tier={} key={} bytes={} spooled_at={}",
          tier,
          packed.key(),
          packed.bytesOut(),
          chunk.spooledAt());
      return Optional.of(packed);
    } catch (SpoolCorruptedException e) {
      metrics.spool("discarded");
      LOG.warn("event=spooled_chunk_discarded tier={} reason=\"{}\"", tier, e.getMessage());
      return Optional.empty();
    } catch (IOException e) {
      if (!TierOutages.isOutage(e)) {
        throw e;
      }
      tiers.outages().failed(tier, e);
      throw waitInSpool(tier, chunk.packed().key());
    }
  }

  /** True when the chunk is now in the spool; false when there was no room (or no spool). */
  private boolean spool(
      StorageTier tier, String key, long maxStoredBytes, ChunkSpool.ChunkPacking packing)
      throws IOException {
    try {
      Optional<SpooledChunk> spooled =
          tiers.spool().spool(tier.name(), key, maxStoredBytes, packing);
      spooled.ifPresent(
          chunk -> {
            metrics.spool("spooled");
            LOG.warn(
                "event=chunk_spooled tier={} key={} bytes={} spool_used_bytes={} spool_max_bytes={}",
                tier,
                key,
                chunk.packed().bytesOut(),
                tiers.spool().usedBytes(),
                tiers.spool().maxBytes());
          });
      return spooled.isPresent();
    } catch (IOException e) {
      if (TierOutages.isOutage(e)) {
        return false; // packing needed the store too (the run's plan): wait for it
      }
      throw e;
    }
  }

  private NotReadyYet waitInSpool(StorageTier tier, String key) {
    return new NotReadyYet(
        "tier " + tier + " is unreachable: chunk " + key + " waits in the local spool",
        tiers.outages().retryIn(tier));
  }

  private NotReadyYet waitOutside(StorageTier tier, String key) {
    LOG.warn(
        "event=chunk_waiting_for_tier tier={} key={} spool_used_bytes={} spool_max_bytes={} (the spool has no room for it)",
        tier,
        key,
        tiers.spool().usedBytes(),
        tiers.spool().maxBytes());
    return new NotReadyYet(
        "tier " + tier + " is unreachable and the spool has no room: chunk " + key + " waits",
        tiers.outages().retryIn(tier));
  }
}
