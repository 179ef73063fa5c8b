package dev.archiver.connectors.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archiver.connectors.Json;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.pack.ChunkPacker;
import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    private static final String RUN_ID = "/daq/run_records/12500";
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir Path temp;

    private TarPlan plan;
    private FilesystemTierStore store;
    private List<PackedChunk> packed;

    @BeforeEach
    void packARun() throws Exception {
        plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 4096);
        store = new FilesystemTierStore(temp.resolve("tier"));
        ChunkPacker packer = new ChunkPacker(store, 3);
        String archiveId = ArchiveKeys.archiveId(RUN_ID);
        packed = new ArrayList<>();
        for (int i = 0; i < plan.chunks().size(); i++) {
            packed.add(packer.pack(plan, i, ArchiveKeys.chunkKey(archiveId, i)));
        }
    }

    @Test
    void shouldDescribeTheArchiveWithEveryFieldARestoreNeeds() throws Exception {
        Manifest manifest =
                Manifest.forTarArchive(
                        RUN_ID, "file:///daq/run_records/12500", CREATED, plan, packed);

        JsonNode json = Json.MAPPER.readTree(Manifests.toJson(manifest));

        assertThat(json.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(json.get("runId").asText()).isEqualTo(RUN_ID);
        assertThat(json.get("archiveId").asText()).isEqualTo(ArchiveKeys.archiveId(RUN_ID));
        assertThat(json.get("source").asText()).isEqualTo("file:///daq/run_records/12500");
        assertThat(json.get("createdAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(json.get("compression").asText()).isEqualTo("zstd");
        assertThat(json.get("packing").asText()).isEqualTo("tar");
        assertThat(json.get("encryption").asText()).isEqualTo("none");
        assertThat(json.has("keyId")).isTrue();
        assertThat(json.get("keyId").isNull()).isTrue();
        JsonNode first = json.get("chunks").get(0);
        assertThat(first.get("key").asText())
                .isEqualTo(ArchiveKeys.chunkKey(ArchiveKeys.archiveId(RUN_ID), 0));
        assertThat(first.get("offset").asLong()).isZero();
        assertThat(first.get("sha256In").asText()).isEqualTo(packed.get(0).sha256In());
        assertThat(json.get("chunks")).hasSize(plan.chunks().size());
        JsonNode totals = json.get("totals");
        assertThat(totals.get("files").asLong()).isEqualTo(plan.fileCount()).isPositive();
        assertThat(totals.get("dirs").asLong()).isEqualTo(plan.dirCount()).isPositive();
        assertThat(totals.get("symlinks").asLong()).isEqualTo(5);
        assertThat(totals.get("streamBytes").asLong()).isEqualTo(plan.streamLength());
        assertThat(totals.get("storedBytes").asLong())
                .isEqualTo(packed.stream().mapToLong(PackedChunk::bytesOut).sum());
    }

    @Test
    void shouldWriteUnderTheManifestKeyAndReportTheSha256OfTheStoredBytes() throws Exception {
        Manifest manifest = Manifest.forTarArchive(RUN_ID, "file:///src", CREATED, plan, packed);

        WrittenManifest written = Manifests.write(store, manifest);

        byte[] stored;
        try (InputStream in = store.open(written.key())) {
            stored = in.readAllBytes();
        }
        assertThat(written.key()).isEqualTo(ArchiveKeys.manifestKey(ArchiveKeys.archiveId(RUN_ID)));
        assertThat(written.sha256()).isEqualTo(Sha256.of(stored));
        assertThat(written.bytes()).isEqualTo(stored.length);
        assertThat(written.location()).isEqualTo(store.location(written.key()));
    }

    @Test
    void shouldReadBackTheManifestItWrote() throws Exception {
        Manifest manifest = Manifest.forTarArchive(RUN_ID, "file:///src", CREATED, plan, packed);
        Manifests.write(store, manifest);

        assertThat(Manifests.read(store, manifest.archiveId())).isEqualTo(manifest);
    }

    @Test
    void shouldWriteTheSameBytesForTheSameArchive() {
        List<PackedChunk> shuffled = new ArrayList<>(packed);
        Collections.reverse(shuffled);

        byte[] first =
                Manifests.toJson(
                        Manifest.forTarArchive(RUN_ID, "file:///src", CREATED, plan, packed));
        byte[] second =
                Manifests.toJson(
                        Manifest.forTarArchive(RUN_ID, "file:///src", CREATED, plan, shuffled));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldRefuseToDescribeAnArchiveWithAMissingChunk() {
        List<PackedChunk> incomplete = packed.subList(1, packed.size());

        assertThatThrownBy(
                        () ->
                                Manifest.forTarArchive(
                                        RUN_ID, "file:///src", CREATED, plan, incomplete))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAManifestOfAnUnknownFormatVersion() {
        String json = "{\"formatVersion\":2,\"chunks\":[]}";

        assertThatThrownBy(
                        () ->
                                Manifests.fromJson(
                                        new ByteArrayInputStream(
                                                json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("formatVersion 2");
    }
}
