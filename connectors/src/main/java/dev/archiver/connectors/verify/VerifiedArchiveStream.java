package dev.archiver.connectors.verify;

import dev.archiver.connectors.BulkInputStream;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * An archive's whole uncompressed tar stream, read chunk after chunk in manifest order; each chunk
 * is checked against the manifest when its end is reached (see {@link ChunkContentStream}), so by
 * the time this stream returns -1 every chunk's stored and content hashes have matched. One chunk
 * is open at a time.
 */
public final class VerifiedArchiveStream extends BulkInputStream {

    private final TierStore store;
    private final List<ManifestChunk> chunks;
    private int next;
    private ChunkContentStream current;
    private boolean closed;

    public VerifiedArchiveStream(TierStore store, List<ManifestChunk> chunks) {
        this.store = Objects.requireNonNull(store, "store");
        this.chunks = List.copyOf(chunks);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (current == null) {
                if (next >= chunks.size()) {
                    return -1;
                }
                current = new ChunkContentStream(store, chunks.get(next++));
            }
            int n = current.read(buffer, offset, length);
            if (n >= 0) {
                return n;
            }
            current.close(); // fully read and verified
            current = null;
        }
    }

    /**
     * Reads (and so verifies) everything that is left, e.g. the padding after the tar end marker.
     */
    public void drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // verification happens at each chunk's end
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (current != null) {
            ChunkContentStream open = current;
            current = null;
            open.close();
        }
    }
}
