package dev.archiver.connectors.verify;

import dev.archiver.connectors.manifest.ManifestChunk;

/**
 * The result of checking one stored chunk. {@code expected} and {@code actual} say exactly what was
 * compared ("sha256Out=ab12...", "bytesOut=4096"), so an integrity event can quote them without
 * interpretation.
 *
 * @param depth how the chunk was checked; null when the check stopped before comparing a hash (no
 *     object, or the wrong size)
 */
public record ChunkCheck(
        int index, String key, CheckKind kind, String expected, String actual, Depth depth) {

    /** How deeply a chunk was checked, shallowest first. */
    public enum Depth {
        /**
         * The SHA-256 the object store recorded for the object (S3 checked it against the bytes
         * when they were uploaded) against the manifest's; the bytes are not read. All a chunk in a
         * cold class (GLACIER, DEEP_ARCHIVE) allows without a thaw.
         */
        STORED_CHECKSUM,
        /** The stored bytes read and hashed. */
        STORED_BYTES,
        /** The stored bytes read and hashed, then decompressed and the content hashed too. */
        CONTENT;

        /** The shallower of two depths; null counts as no check, so the other wins. */
        public static Depth shallowest(Depth a, Depth b) {
            if (a == null) {
                return b;
            }
            return b == null || a.compareTo(b) <= 0 ? a : b;
        }
    }

    public ChunkCheck(int index, String key, CheckKind kind, String expected, String actual) {
        this(index, key, kind, expected, actual, null);
    }

    public static ChunkCheck ok(ManifestChunk chunk) {
        return new ChunkCheck(chunk.index(), chunk.key(), CheckKind.OK, null, null);
    }

    static ChunkCheck of(ManifestChunk chunk, CheckKind kind, String expected, String actual) {
        return new ChunkCheck(chunk.index(), chunk.key(), kind, expected, actual);
    }

    /** This result, saying how the chunk was checked. */
    ChunkCheck at(Depth how) {
        return new ChunkCheck(index, key, kind, expected, actual, how);
    }

    public boolean ok() {
        return kind == CheckKind.OK;
    }

    /**
     * One line for logs and failure messages, e.g. "chunk 3 (archives/x/chunk-000003.tar.zst)
     * TRUNCATED: ...".
     */
    public String describe() {
        String what = "chunk " + index + " (" + key + ") " + kind;
        return ok() ? what : what + ": expected " + expected + ", found " + actual;
    }
}
