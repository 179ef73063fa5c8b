package dev.archiver.connectors.spool;

import dev.archiver.connectors.pack.PackedChunk;
import java.time.Instant;

/**
 * A chunk packed into the spool while its tier was unreachable: where it must go, and what packing
 * it produced (its SHA-256 is what the drain checks the spooled bytes against).
 *
 * @param tier the tier the chunk belongs in
 * @param packed the chunk as packed, keyed by its key in that tier
 * @param spooledAt when it was spooled
 */
public record SpooledChunk(String tier, PackedChunk packed, Instant spooledAt) {}
