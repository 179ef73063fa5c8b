package dev.archiver.connectors.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.manifest.WrittenManifest;
import dev.archiver.connectors.testing.Archives;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveVerifierTest {

    private static final long CHUNK = 4096;
    private static final String RUN = "verify/run-1";

    @TempDir Path temp;

    private FilesystemTierStore store;
    private Manifest manifest;
    private String manifestSha256;

    @BeforeEach
    void archiveASampleTree() throws Exception {
        store = new FilesystemTierStore(temp.resolve("tier"));
        manifest =
                Archives.archive(store, RUN, SampleTree.mixed(temp.resolve("src")).root(), CHUNK);
        manifestSha256 =
                Sha256.of(
                        Files.readAllBytes(object(ArchiveKeys.manifestKey(manifest.archiveId()))));
        assertThat(manifest.chunks()).hasSizeGreaterThan(5);
    }

    @Test
    void shouldFindTheManifestAndEveryChunkOfAFreshArchiveIntactShallowAndDeep() throws Exception {
        ManifestCheck check =
                ArchiveVerifier.checkManifest(store, manifest.archiveId(), manifestSha256);

        assertThat(check.kind()).isEqualTo(CheckKind.OK);
        assertThat(check.manifest()).isEqualTo(manifest);
        assertThat(check.sha256()).isEqualTo(manifestSha256);
        for (ManifestChunk chunk : manifest.chunks()) {
            ChunkCheck shallow = ArchiveVerifier.checkChunk(store, chunk, false);
            assertThat(shallow.kind()).as("shallow %s", chunk.index()).isEqualTo(CheckKind.OK);
            assertThat(shallow.depth()).isEqualTo(ChunkCheck.Depth.STORED_BYTES);
            ChunkCheck deep = ArchiveVerifier.checkChunk(store, chunk, true);
            assertThat(deep.kind()).as("deep %s", chunk.index()).isEqualTo(CheckKind.OK);
            assertThat(deep.depth()).isEqualTo(ChunkCheck.Depth.CONTENT);
        }
    }

    @Test
    void shouldCheckAnObjectStoresChunkShallowlyByItsStoredChecksumWithoutReadingIt()
            throws Exception {
        ManifestChunk chunk = manifest.chunks().get(0);
        java.util.concurrent.atomic.AtomicInteger reads =
                new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> storedSha =
                new java.util.concurrent.atomic.AtomicReference<>(chunk.sha256Out());
        // An object store's view of the same objects: a class of its own and a kept SHA-256.
        TierStore objectStore =
                (TierStore)
                        java.lang.reflect.Proxy.newProxyInstance(
                                TierStore.class.getClassLoader(),
                                new Class<?>[] {TierStore.class},
                                (proxy, method, args) -> {
                                    return switch (method.getName()) {
                                        case "stat" ->
                                                new ObjectInfo(
                                                        store.size((String) args[0]),
                                                        "GLACIER",
                                                        java.util.Optional.of(storedSha.get()));
                                        case "open", "openRange", "openVerified" -> {
                                            reads.incrementAndGet();
                                            throw new IOException("frozen");
                                        }
                                        default -> method.invoke(store, args);
                                    };
                                });

        ChunkCheck byChecksum = ArchiveVerifier.checkChunk(objectStore, chunk, false);
        assertThat(byChecksum.kind()).isEqualTo(CheckKind.OK);
        assertThat(byChecksum.depth())
                .as("the result says the bytes were not read")
                .isEqualTo(ChunkCheck.Depth.STORED_CHECKSUM);
        storedSha.set("0".repeat(64));
        assertThat(ArchiveVerifier.checkChunk(objectStore, chunk, false).kind())
                .isEqualTo(CheckKind.MISMATCHED);
        assertThat(reads).as("no byte of the object was read").hasValue(0);
    }

    @Test
    void shouldStillReadAFilesystemChunkInAShallowCheck() throws Exception {
        ManifestChunk chunk = manifest.chunks().get(0);
        byte[] bytes = Files.readAllBytes(object(chunk.key()));
        bytes[bytes.length / 2] ^= 1;
        Files.write(object(chunk.key()), bytes);

        assertThat(ArchiveVerifier.checkChunk(store, chunk, false).kind())
                .as("a flipped bit on disk, whatever hash was recorded at write time")
                .isEqualTo(CheckKind.MISMATCHED);
    }

    @Test
    void shouldAcceptAnIntactManifestWhenNoHashWasRecorded() throws Exception {
        assertThat(ArchiveVerifier.checkManifest(store, manifest.archiveId(), null).kind())
                .isEqualTo(CheckKind.OK);
    }

    @Test
    void shouldReportAMissingManifest() throws Exception {
        Files.delete(object(ArchiveKeys.manifestKey(manifest.archiveId())));

        ManifestCheck check =
                ArchiveVerifier.checkManifest(store, manifest.archiveId(), manifestSha256);

        assertThat(check.kind()).isEqualTo(CheckKind.MISSING);
        assertThat(check.manifest()).isNull();
    }

    @Test
    void shouldReportAManifestThatIsNotJsonAsUnreadable() throws Exception {
        store.putBytes(
                ArchiveKeys.manifestKey(manifest.archiveId()),
                bytes("{\"formatVersion\": 1, \"chunks\": ["));

        ManifestCheck check = ArchiveVerifier.checkManifest(store, manifest.archiveId(), null);

        assertThat(check.kind()).isEqualTo(CheckKind.UNREADABLE);
        assertThat(check.actual()).startsWith("invalid JSON");
    }

    @Test
    void shouldReportAManifestOfAnotherFormatVersionAsUnreadable() throws Exception {
        String json =
                new String(Manifests.toJson(manifest), StandardCharsets.UTF_8)
                        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2");
        store.putBytes(ArchiveKeys.manifestKey(manifest.archiveId()), bytes(json));

        ManifestCheck check = ArchiveVerifier.checkManifest(store, manifest.archiveId(), null);

        assertThat(check.kind()).isEqualTo(CheckKind.UNREADABLE);
        assertThat(check.actual()).contains("formatVersion 2");
    }

    @Test
    void shouldReportAManifestWhoseChunksDoNotCoverTheStreamAsUnreadable() throws Exception {
        Manifest gap =
                new Manifest(
                        manifest.formatVersion(),
                        manifest.runId(),
                        manifest.archiveId(),
                        manifest.source(),
                        manifest.createdAt(),
                        manifest.compression(),
                        manifest.packing(),
                        manifest.encryption(),
                        manifest.keyId(),
                        manifest.chunks().subList(1, manifest.chunks().size()),
                        manifest.totals());
        Manifests.write(store, gap);

        ManifestCheck check = ArchiveVerifier.checkManifest(store, manifest.archiveId(), null);

        assertThat(check.kind()).isEqualTo(CheckKind.UNREADABLE);
        assertThat(check.actual()).contains("chunk at position 0 is not chunk 0");
    }

    @Test
    void shouldReportAManifestStoredUnderAnotherArchivesIdAsUnreadable() throws Exception {
        String otherId = ArchiveKeys.archiveId("verify/other");
        store.putBytes(ArchiveKeys.manifestKey(otherId), Manifests.toJson(manifest));

        ManifestCheck check = ArchiveVerifier.checkManifest(store, otherId, null);

        assertThat(check.kind()).isEqualTo(CheckKind.UNREADABLE);
        assertThat(check.actual()).contains(manifest.archiveId());
    }

    @Test
    void shouldReportAnEditedManifestAsMismatchedAgainstTheHashRecordedAtArchiveTime()
            throws Exception {
        WrittenManifest original = Manifests.write(store, manifest);
        String edited =
                new String(Manifests.toJson(manifest), StandardCharsets.UTF_8)
                        .replace(manifest.createdAt(), "2030-01-01T00:00:00Z");
        store.putBytes(original.key(), bytes(edited));

        ManifestCheck check =
                ArchiveVerifier.checkManifest(store, manifest.archiveId(), original.sha256());

        assertThat(check.kind()).isEqualTo(CheckKind.MISMATCHED);
        assertThat(check.expected()).isEqualTo("sha256=" + original.sha256());
        assertThat(check.actual()).isEqualTo("sha256=" + Sha256.of(bytes(edited)));
        assertThat(check.manifest()).isNull();
    }

    @Test
    void shouldReportAFlippedByteAsMismatchedForThatChunkOnlyShallowAndDeep() throws Exception {
        ManifestChunk victim = manifest.chunks().get(2);
        flipByte(victim.key(), 100);
        String actualSha = Sha256.of(Files.readAllBytes(object(victim.key())));

        for (boolean deep : new boolean[] {false, true}) {
            ChunkCheck check = ArchiveVerifier.checkChunk(store, victim, deep);
            assertThat(check.kind()).as("deep=%s", deep).isEqualTo(CheckKind.MISMATCHED);
            assertThat(check.index()).isEqualTo(2);
            assertThat(check.key()).isEqualTo(victim.key());
            assertThat(check.expected()).isEqualTo("sha256Out=" + victim.sha256Out());
            assertThat(check.actual()).isEqualTo("sha256Out=" + actualSha);
        }
        assertThat(ArchiveVerifier.checkChunk(store, manifest.chunks().get(1), true).ok()).isTrue();
        assertThat(ArchiveVerifier.checkChunk(store, manifest.chunks().get(3), true).ok()).isTrue();
    }

    @Test
    void shouldReportATruncatedChunkWithBothSizes() throws Exception {
        ManifestChunk victim = manifest.chunks().get(1);
        byte[] stored = Files.readAllBytes(object(victim.key()));
        Files.write(object(victim.key()), Arrays.copyOf(stored, stored.length - 10));

        ChunkCheck check = ArchiveVerifier.checkChunk(store, victim, true);

        assertThat(check.kind()).isEqualTo(CheckKind.TRUNCATED);
        assertThat(check.index()).isEqualTo(1);
        assertThat(check.expected()).isEqualTo("bytesOut=" + stored.length);
        assertThat(check.actual()).isEqualTo("bytesOut=" + (stored.length - 10));
    }

    @Test
    void shouldReportADeletedChunkAsMissing() throws Exception {
        ManifestChunk victim = manifest.chunks().get(0);
        store.delete(victim.key());

        ChunkCheck check = ArchiveVerifier.checkChunk(store, victim, false);

        assertThat(check.kind()).isEqualTo(CheckKind.MISSING);
        assertThat(check.key()).isEqualTo(victim.key());
        assertThat(check.describe()).contains("chunk 0", victim.key(), "MISSING");
    }

    @Test
    void shouldReportBytesThatHashRightButAreNoZstdFrameAsUnreadableOnlyWhenDeep()
            throws Exception {
        byte[] garbage = bytes("this was never compressed");
        store.putBytes("archives/x/chunk-000000.tar.zst", garbage);
        ManifestChunk chunk =
                new ManifestChunk(
                        0,
                        "archives/x/chunk-000000.tar.zst",
                        0,
                        512,
                        garbage.length,
                        Sha256.of(new byte[512]),
                        Sha256.of(garbage));

        assertThat(ArchiveVerifier.checkChunk(store, chunk, false).kind()).isEqualTo(CheckKind.OK);
        ChunkCheck deep = ArchiveVerifier.checkChunk(store, chunk, true);
        assertThat(deep.kind()).isEqualTo(CheckKind.UNREADABLE);
        assertThat(deep.expected()).isEqualTo("one zstd frame");
    }

    @Test
    void shouldReportContentThatDiffersFromTheRecordedSha256InOnlyWhenDeep() throws Exception {
        ManifestChunk real = manifest.chunks().get(3);
        ManifestChunk wrongIn =
                new ManifestChunk(
                        real.index(),
                        real.key(),
                        real.offset(),
                        real.bytesIn(),
                        real.bytesOut(),
                        Sha256.of("something else"),
                        real.sha256Out());

        assertThat(ArchiveVerifier.checkChunk(store, wrongIn, false).ok()).isTrue();
        ChunkCheck deep = ArchiveVerifier.checkChunk(store, wrongIn, true);
        assertThat(deep.kind()).isEqualTo(CheckKind.MISMATCHED);
        assertThat(deep.expected()).isEqualTo("sha256In=" + Sha256.of("something else"));
        assertThat(deep.actual()).isEqualTo("sha256In=" + real.sha256In());
    }

    @Test
    void shouldReportAFrameThatInflatesBeyondBytesInAsMismatchedWithoutReadingItAll()
            throws Exception {
        byte[] big = new byte[1 << 20];
        byte[] stored = Zstd.compress(big, 3);
        store.putBytes("archives/x/chunk-000000.tar.zst", stored);
        ManifestChunk chunk =
                new ManifestChunk(
                        0,
                        "archives/x/chunk-000000.tar.zst",
                        0,
                        4096,
                        stored.length,
                        Sha256.of(new byte[4096]),
                        Sha256.of(stored));

        ChunkCheck check = ArchiveVerifier.checkChunk(store, chunk, true);

        assertThat(check.kind()).isEqualTo(CheckKind.MISMATCHED);
        assertThat(check.expected()).isEqualTo("bytesIn=4096");
        assertThat(check.actual()).isEqualTo("bytesIn>4096");
    }

    private Path object(String key) {
        return store.base().resolve(key);
    }

    private void flipByte(String key, int at) throws Exception {
        byte[] stored = Files.readAllBytes(object(key));
        stored[at] ^= 0x01;
        Files.write(object(key), stored);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
