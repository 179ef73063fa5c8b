package dev.archiver.connectors.testing;

import com.github.luben.zstd.Zstd;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.manifest.ManifestTotals;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.pack.ChunkPacker;
import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Puts archives into a tier the way the archiver does, or by hand for crafted tar streams. */
public final class Archives {

    public static final Instant CREATED_AT = Instant.parse("2024-05-01T12:00:00Z");

    private Archives() {}

    /** Plans {@code source}, packs every chunk and writes the manifest last, as a run does. */
    public static Manifest archive(TierStore store, String runId, Path source, long chunkSize)
            throws IOException {
        TarPlan plan = FileTreePlanner.plan(source, chunkSize);
        String archiveId = ArchiveKeys.archiveId(runId);
        ChunkPacker packer = new ChunkPacker(store, 3);
        List<PackedChunk> packed = new ArrayList<>();
        for (int i = 0; i < plan.chunks().size(); i++) {
            packed.add(packer.pack(plan, i, ArchiveKeys.chunkKey(archiveId, i)));
        }
        Manifest manifest =
                Manifest.forTarArchive(runId, source.toUri().toString(), CREATED_AT, plan, packed);
        Manifests.write(store, manifest);
        return manifest;
    }

    /**
     * Stores raw tar bytes as one zstd chunk with a hand-made manifest whose sizes and hashes
     * match.
     */
    public static Manifest singleChunk(TierStore store, String runId, byte[] tar)
            throws IOException {
        byte[] stored = Zstd.compress(tar, 3);
        String archiveId = ArchiveKeys.archiveId(runId);
        String key = ArchiveKeys.chunkKey(archiveId, 0);
        store.putBytes(key, stored);
        ManifestChunk chunk =
                new ManifestChunk(
                        0, key, 0, tar.length, stored.length, Sha256.of(tar), Sha256.of(stored));
        Manifest manifest =
                new Manifest(
                        Manifest.FORMAT_VERSION,
                        runId,
                        archiveId,
                        "test:" + runId,
                        CREATED_AT.toString(),
                        "zstd",
                        "tar",
                        "none",
                        null,
                        List.of(chunk),
                        new ManifestTotals(0, 0, 0, tar.length, stored.length));
        Manifests.write(store, manifest);
        return manifest;
    }
}
