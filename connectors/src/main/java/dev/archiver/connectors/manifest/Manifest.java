package dev.archiver.connectors.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.archiver.connectors.file.ByteRange;
import dev.archiver.connectors.file.PlanSummary;
import dev.archiver.connectors.pack.PackedChunk;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The self-describing record of one archive, written last: an archive exists iff its manifest does.
 * Everything needed to restore with standard tools is here (chunk order, keys, codec, packing,
 * checksums), so a catalog can be rebuilt from the manifests alone.
 *
 * @param source URI of what was archived, e.g. file:///daq/run_records/12500
 * @param createdAt ISO-8601 instant
 * @param keyId id of the encryption key, null when {@code encryption} is "none"
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
    "formatVersion",
    "runId",
    "archiveId",
    "source",
    "createdAt",
    "compression",
    "packing",
    "encryption",
    "keyId",
    "chunks",
    "totals"
})
public record Manifest(
        int formatVersion,
        String runId,
        String archiveId,
        String source,
        String createdAt,
        String compression,
        String packing,
        String encryption,
        String keyId,
        List<ManifestChunk> chunks,
        ManifestTotals totals) {

    public static final int FORMAT_VERSION = 1;

    public Manifest {
        chunks = List.copyOf(chunks);
    }

    /**
     * The manifest of an unencrypted tar+zstd archive of {@code plan}; refuses a chunk list that
     * does not cover the plan exactly, so a manifest is never written for an incomplete archive.
     */
    public static Manifest forTarArchive(
            String runId,
            String source,
            Instant createdAt,
            PlanSummary plan,
            List<PackedChunk> packed) {
        List<PackedChunk> ordered =
                packed.stream().sorted(Comparator.comparingInt(PackedChunk::index)).toList();
        if (ordered.size() != plan.chunkCount()) {
            throw new IllegalArgumentException(
                    "plan has " + plan.chunkCount() + " chunks, got " + ordered.size());
        }
        for (int i = 0; i < ordered.size(); i++) {
            PackedChunk chunk = ordered.get(i);
            ByteRange range = plan.chunk(i);
            if (chunk.index() != i
                    || chunk.offset() != range.start()
                    || chunk.bytesIn() != range.length()) {
                throw new IllegalArgumentException(
                        "chunk " + chunk.index() + " does not match planned range " + range);
            }
        }
        String archiveId = ArchiveKeys.archiveId(runId);
        ManifestTotals totals =
                new ManifestTotals(
                        plan.fileCount(),
                        plan.dirCount(),
                        plan.symlinkCount(),
                        plan.streamLength(),
                        ordered.stream().mapToLong(PackedChunk::bytesOut).sum());
        return new Manifest(
                FORMAT_VERSION,
                runId,
                archiveId,
                source,
                createdAt.toString(),
                "zstd",
                "tar",
                "none",
                null,
                ordered.stream().map(ManifestChunk::of).toList(),
                totals);
    }
}
