package dev.archiver.connectors.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.archiver.connectors.pack.PackedChunk;

/**
 * One stored chunk as the manifest lists it; {@code offset} is its start in the uncompressed tar
 * stream.
 */
@JsonPropertyOrder({"index", "key", "offset", "bytesIn", "bytesOut", "sha256In", "sha256Out"})
public record ManifestChunk(
        int index,
        String key,
        long offset,
        long bytesIn,
        long bytesOut,
        String sha256In,
        String sha256Out) {

    public static ManifestChunk of(PackedChunk packed) {
        return new ManifestChunk(
                packed.index(),
                packed.key(),
                packed.offset(),
                packed.bytesIn(),
                packed.bytesOut(),
                packed.sha256In(),
                packed.sha256Out());
    }
}
