package dev.archiver.connectors.pack;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.file.ByteRange;
import dev.archiver.connectors.file.TarPlan;
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
 */
public final class ChunkPacker {

    private static final int BUFFER = 128 * 1024;

    private final TierStore store;
    private final int level;

    public ChunkPacker(TierStore store, int level) {
        if (level < 1 || level > 22) {
            throw new IllegalArgumentException("zstd level must be 1..22: " + level);
        }
        this.store = store;
        this.level = level;
    }

    /** Packs chunk {@code index} of a file-tree plan under {@code key}. */
    public PackedChunk pack(TarPlan plan, int index, String key) throws IOException {
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
        return store.put(
                key,
                out -> {
                    MessageDigest digestIn = Sha256.newDigest();
                    CountingDigestOutputStream stored = new CountingDigestOutputStream(out);
                    long bytesIn = 0;
                    byte[] buffer = new byte[BUFFER];
                    try (ZstdOutputStreamNoFinalizer zstd =
                            new ZstdOutputStreamNoFinalizer(stored, level)) {
                        zstd.setChecksum(true);
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
                            stored.sha256());
                });
    }

    public int level() {
        return level;
    }
}
