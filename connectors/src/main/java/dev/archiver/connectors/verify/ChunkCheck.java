package dev.archiver.connectors.verify;

import dev.archiver.connectors.manifest.ManifestChunk;

/**
 * The result of checking one stored chunk. {@code expected} and {@code actual} say exactly what was
 * compared ("sha256Out=ab12...", "bytesOut=4096"), so an integrity event can quote them without
 * interpretation.
 */
public record ChunkCheck(int index, String key, CheckKind kind, String expected, String actual) {

    public static ChunkCheck ok(ManifestChunk chunk) {
        return new ChunkCheck(chunk.index(), chunk.key(), CheckKind.OK, null, null);
    }

    static ChunkCheck of(ManifestChunk chunk, CheckKind kind, String expected, String actual) {
        return new ChunkCheck(chunk.index(), chunk.key(), kind, expected, actual);
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
