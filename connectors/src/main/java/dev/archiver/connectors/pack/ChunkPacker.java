package dev.archiver.connectors.pack;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.file.ByteRange;
import dev.archiver.connectors.file.TarLayout;
import dev.archiver.connectors.file.TarRangeStream;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Packs one chunk: reads its bytes once, compresses them as ONE zstd frame (with the frame
 * checksum), hashes the bytes before and after compression in the same pass, and streams the frame
 * into the tier store. One frame per chunk is what makes {@code cat chunk-* | zstd -d} the whole
 * stream while every chunk can still be written, verified and retried on its own.
 *
 * <p>The level is chosen per chunk by measurement: the chunk's first {@value #PROBE_BYTES} bytes
 * are compressed at level 1 first; if that saves less than {@value #MIN_SAVING_PERCENT}% (random
 * bytes, already-compressed media), the chunk is stored at level 1, where zstd keeps such blocks
 * raw within the same format at a fraction of the configured level's CPU; otherwise at the
 * configured level.
 */
public final class ChunkPacker {

    private static final int BUFFER = 128 * 1024;

    /** Bytes of a chunk's start compressed once at level 1 to see whether it compresses at all. */
    static final int PROBE_BYTES = 256 * 1024;

    /** Below this saving on the probe, a chunk counts as incompressible. */
    static final int MIN_SAVING_PERCENT = 2;

    /** Shorter probes say too little (and cost nothing to compress at any level). */
    private static final int MIN_PROBE_BYTES = 16 * 1024;

    private final TierStore store;
    private final int level;
    private final boolean probe;

    public ChunkPacker(TierStore store, int level) {
        this(store, level, true);
    }

    private ChunkPacker(TierStore store, int level, boolean probe) {
        if (level < 1 || level > 22) {
            throw new IllegalArgumentException("zstd level must be 1..22: " + level);
        }
        this.store = store;
        this.level = level;
        this.probe = probe;
    }

    /** A packer that always uses {@code level}, without the probe: to measure what it gains. */
    public static ChunkPacker withoutProbe(TierStore store, int level) {
        return new ChunkPacker(store, level, false);
    }

    /** Packs chunk {@code index} of a file-tree plan under {@code key}. */
    public PackedChunk pack(TarLayout plan, int index, String key) throws IOException {
        ByteRange range = plan.chunk(index);
        PackedChunk packed;
        try (InputStream in = new TarRangeStream(plan, range)) {
            packed = pack(index, range.start(), in, key);
        }
        if (packed.bytesIn()
                != range.length()) { // TarRangeStream guarantees this; a mismatch is a bug
            throw new IllegalStateException(
                    "chunk "
                            + index
                            + " read "
                            + packed.bytesIn()
                            + " bytes, planned "
                            + range.length());
        }
        return packed;
    }

    /** Packs whatever {@code in} yields (to its end) as one chunk; the caller closes {@code in}. */
    public PackedChunk pack(int index, long offset, InputStream in, String key) throws IOException {
        byte[] probe = in.readNBytes(PROBE_BYTES);
        int chosen = levelFor(probe);
        return store.put(
                key,
                out -> {
                    MessageDigest digestIn = Sha256.newDigest();
                    CountingDigestOutputStream stored = new CountingDigestOutputStream(out);
                    long bytesIn = probe.length;
                    try (ZstdOutputStreamNoFinalizer zstd =
                            new ZstdOutputStreamNoFinalizer(stored, chosen)) {
                        zstd.setChecksum(true);
                        digestIn.update(probe);
                        zstd.write(probe);
                        byte[] buffer = new byte[BUFFER];
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            digestIn.update(buffer, 0, n);
                            zstd.write(buffer, 0, n);
                            bytesIn += n;
                        }
                    } // closing ends the frame; the store's stream survives the close
                    return new PackedChunk(
                            index,
                            key,
                            offset,
                            bytesIn,
                            stored.count(),
                            Sha256.hex(digestIn.digest()),
                            stored.sha256(),
                            chosen);
                });
    }

    /**
     * The level for a chunk that starts with {@code probe}: 1 if it does not compress (level 1
     * saves less than {@value #MIN_SAVING_PERCENT}%), else the configured level.
     */
    int levelFor(byte[] probe) {
        if (!this.probe || level == 1 || probe.length < MIN_PROBE_BYTES) {
            return level;
        }
        long compressed = Zstd.compress(probe, 1).length;
        return compressed * 100 > (long) probe.length * (100 - MIN_SAVING_PERCENT) ? 1 : level;
    }

    public int level() {
        return level;
    }
}
