package dev.archiver.connectors.pack;

/**
 * What packing one chunk produced: enough for a chunk result event and for the manifest.
 *
 * @param offset where the chunk's bytes start in the run's tar stream
 * @param bytesIn uncompressed bytes (the range length)
 * @param bytesOut stored (compressed) bytes
 * @param sha256In SHA-256 of the uncompressed bytes, lowercase hex
 * @param sha256Out SHA-256 of the stored object, lowercase hex
 * @param level the zstd level the chunk was compressed at (see {@link ChunkPacker}), 0 if not known
 */
public record PackedChunk(
        int index,
        String key,
        long offset,
        long bytesIn,
        long bytesOut,
        String sha256In,
        String sha256Out,
        int level) {

    /** A chunk described by a result or a manifest, which do not record the level. */
    public PackedChunk(
            int index,
            String key,
            long offset,
            long bytesIn,
            long bytesOut,
            String sha256In,
            String sha256Out) {
        this(index, key, offset, bytesIn, bytesOut, sha256In, sha256Out, 0);
    }
}
