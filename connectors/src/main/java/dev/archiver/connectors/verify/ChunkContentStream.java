package dev.archiver.connectors.verify;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.archiver.connectors.BulkInputStream;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.tier.TierObjectNotFoundException;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The decompressed content of one stored chunk, checked against its manifest entry in the same
 * single read: stored bytes are counted and hashed on their way into zstd, content on its way out.
 * Reaching the end (-1) means both sizes and both hashes matched; any difference throws {@link
 * CorruptArchiveException}. Memory is a few fixed buffers whatever the chunk size.
 */
final class ChunkContentStream extends BulkInputStream {

    private final ManifestChunk chunk;
    private final CountingDigestInputStream stored;
    private final InputStream zstd;
    private final CountingDigestInputStream content;
    private boolean verified;

    ChunkContentStream(TierStore store, ManifestChunk chunk) throws IOException {
        this.chunk = chunk;
        InputStream raw;
        try {
            raw = store.open(chunk.key());
        } catch (TierObjectNotFoundException e) {
            throw new CorruptArchiveException(
                    ChunkCheck.of(chunk, CheckKind.MISSING, "object " + chunk.key(), "no object"),
                    e);
        }
        this.stored = new CountingDigestInputStream(raw);
        try {
            this.zstd = new ZstdInputStreamNoFinalizer(stored);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        this.content = new CountingDigestInputStream(zstd);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (verified) {
            return -1;
        }
        int n;
        try {
            n = content.read(buffer, offset, length);
        } catch (IOException e) {
            throw classify(e);
        }
        if (n < 0) {
            verifyAtEnd();
            return -1;
        }
        if (content.count() > chunk.bytesIn()) {
            // Stop a corrupt or hostile frame from inflating without bound.
            throw classify(new IOException("content exceeds bytesIn=" + chunk.bytesIn()));
        }
        return n;
    }

    /** Reads the rest of the chunk, verifying it. */
    void drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // verification happens at the end
        }
    }

    private void verifyAtEnd() throws IOException {
        stored.drain(); // zstd stops at the end of the frame; anything after it still counts
        ChunkCheck storedCheck = storedCheck();
        if (!storedCheck.ok()) {
            throw new CorruptArchiveException(storedCheck);
        }
        if (content.count() != chunk.bytesIn()) {
            throw new CorruptArchiveException(
                    ChunkCheck.of(
                            chunk,
                            CheckKind.MISMATCHED,
                            "bytesIn=" + chunk.bytesIn(),
                            "bytesIn=" + content.count()));
        }
        String sha256In = content.sha256();
        if (!sha256In.equals(chunk.sha256In())) {
            throw new CorruptArchiveException(
                    ChunkCheck.of(
                            chunk,
                            CheckKind.MISMATCHED,
                            "sha256In=" + chunk.sha256In(),
                            "sha256In=" + sha256In));
        }
        verified = true;
    }

    /**
     * Decoding failed: the stored bytes decide what to report. If they differ from what was
     * recorded, that is the finding (a flipped byte usually breaks the frame before its end is
     * reached); if they match, the frame itself is unreadable. A read error of the store itself
     * propagates as it is, since it may be transient.
     */
    private IOException classify(IOException failure) throws IOException {
        stored.drain();
        ChunkCheck storedCheck = storedCheck();
        if (!storedCheck.ok()) {
            return new CorruptArchiveException(storedCheck, failure);
        }
        if (content.count() > chunk.bytesIn()) {
            return new CorruptArchiveException(
                    ChunkCheck.of(
                            chunk,
                            CheckKind.MISMATCHED,
                            "bytesIn=" + chunk.bytesIn(),
                            "bytesIn>" + chunk.bytesIn()),
                    failure);
        }
        return new CorruptArchiveException(
                ChunkCheck.of(
                        chunk,
                        CheckKind.UNREADABLE,
                        "one zstd frame",
                        String.valueOf(failure.getMessage())),
                failure);
    }

    private ChunkCheck storedCheck() {
        if (stored.count() != chunk.bytesOut()) {
            return ChunkCheck.of(
                    chunk,
                    CheckKind.TRUNCATED,
                    "bytesOut=" + chunk.bytesOut(),
                    "bytesOut=" + stored.count());
        }
        String sha256Out = stored.sha256();
        if (!sha256Out.equals(chunk.sha256Out())) {
            return ChunkCheck.of(
                    chunk,
                    CheckKind.MISMATCHED,
                    "sha256Out=" + chunk.sha256Out(),
                    "sha256Out=" + sha256Out);
        }
        return ChunkCheck.ok(chunk);
    }

    @Override
    public void close() throws IOException {
        zstd.close(); // closes the store's stream too
    }
}
