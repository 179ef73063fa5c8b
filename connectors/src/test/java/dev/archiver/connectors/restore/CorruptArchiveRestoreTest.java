package dev.archiver.connectors.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.manifest.WrittenManifest;
import dev.archiver.connectors.testing.Archives;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.testing.TreeSnapshot;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.CheckKind;
import dev.archiver.connectors.verify.CorruptArchiveException;
import dev.archiver.connectors.verify.ManifestCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore verifies every chunk before anything reaches its final name: a damaged archive leaves
 * the target as it was.
 */
class CorruptArchiveRestoreTest {

    @TempDir Path temp;

    private FilesystemTierStore store;
    private Manifest manifest;
    private Path target;

    @BeforeEach
    void archiveASampleTree() throws Exception {
        store = new FilesystemTierStore(temp.resolve("tier"));
        manifest =
                Archives.archive(
                        store, "corrupt/run", SampleTree.mixed(temp.resolve("src")).root(), 4096);
        target = Files.createDirectories(temp.resolve("target"));
        assertThat(manifest.chunks()).hasSizeGreaterThan(4);
    }

    @Test
    void shouldRefuseAFlippedByteInTheLastChunkBeforeWritingAnything() throws Exception {
        ManifestChunk last = manifest.chunks().get(manifest.chunks().size() - 1);
        byte[] stored = Files.readAllBytes(object(last.key()));
        stored[stored.length / 2] ^= 0x40;
        Files.write(object(last.key()), stored);

        assertThatThrownBy(this::restore)
                .isInstanceOfSatisfying(
                        CorruptArchiveException.class,
                        e -> {
                            assertThat(e.chunkIndex()).isEqualTo(last.index());
                            assertThat(e.key()).isEqualTo(last.key());
                            assertThat(e.check().kind()).isEqualTo(CheckKind.MISMATCHED);
                            assertThat(e.getMessage()).contains("sha256Out=" + last.sha256Out());
                        });
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void shouldRefuseATruncatedChunkBeforeWritingAnything() throws Exception {
        ManifestChunk victim = manifest.chunks().get(2);
        byte[] stored = Files.readAllBytes(object(victim.key()));
        Files.write(object(victim.key()), Arrays.copyOf(stored, stored.length - 1));

        assertThatThrownBy(this::restore)
                .isInstanceOfSatisfying(
                        CorruptArchiveException.class,
                        e -> {
                            assertThat(e.chunkIndex()).isEqualTo(2);
                            assertThat(e.check().kind()).isEqualTo(CheckKind.TRUNCATED);
                            assertThat(e.check().actual())
                                    .isEqualTo("bytesOut=" + (stored.length - 1));
                        });
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void shouldRefuseADeletedChunkBeforeWritingAnything() throws Exception {
        ManifestChunk victim = manifest.chunks().get(1);
        store.delete(victim.key());

        assertThatThrownBy(this::restore)
                .isInstanceOfSatisfying(
                        CorruptArchiveException.class,
                        e -> {
                            assertThat(e.chunkIndex()).isEqualTo(1);
                            assertThat(e.check().kind()).isEqualTo(CheckKind.MISSING);
                        });
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void shouldRefuseAnEditedManifestWhoseChunkHashNoLongerMatches() throws Exception {
        WrittenManifest original = Manifests.write(store, manifest);
        ManifestChunk third = manifest.chunks().get(3);
        String forged = "0".repeat(64);
        String json =
                new String(Manifests.toJson(manifest), StandardCharsets.UTF_8)
                        .replace(third.sha256Out(), forged);
        store.putBytes(original.key(), json.getBytes(StandardCharsets.UTF_8));

        ManifestCheck check =
                ArchiveVerifier.checkManifest(store, manifest.archiveId(), original.sha256());
        Manifest edited = Manifests.read(store, manifest.archiveId());

        assertThat(check.kind()).isEqualTo(CheckKind.MISMATCHED);
        assertRefusedAtChunk(edited, 3, "sha256Out=" + forged, "sha256Out=" + third.sha256Out());
    }

    @Test
    void shouldRefuseAChunkWhoseContentHashDiffersThoughItsStoredBytesMatch() throws Exception {
        ManifestChunk third = manifest.chunks().get(3);
        String forged = "f".repeat(64);
        Manifest edited =
                Manifests.fromJson(
                        new java.io.ByteArrayInputStream(
                                new String(Manifests.toJson(manifest), StandardCharsets.UTF_8)
                                        .replace(third.sha256In(), forged)
                                        .getBytes(StandardCharsets.UTF_8)));

        assertRefusedAtChunk(edited, 3, "sha256In=" + forged, "sha256In=" + third.sha256In());
    }

    /** The restore of {@code edited} fails on chunk {@code index} and writes nothing. */
    private void assertRefusedAtChunk(Manifest edited, int index, String expected, String actual) {
        assertThatThrownBy(
                        () ->
                                ArchiveRestorer.restore(
                                        store,
                                        edited,
                                        target,
                                        ConflictPolicy.FAIL,
                                        nothingWritten()))
                .isInstanceOfSatisfying(
                        CorruptArchiveException.class,
                        e -> {
                            assertThat(e.chunkIndex()).isEqualTo(index);
                            assertThat(e.check().expected()).isEqualTo(expected);
                            assertThat(e.check().actual()).isEqualTo(actual);
                        });
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void shouldNotCreateAMissingTargetWhenTheArchiveIsCorrupt() throws Exception {
        store.delete(manifest.chunks().get(0).key());
        Path fresh = temp.resolve("fresh");

        assertThatThrownBy(
                        () ->
                                ArchiveRestorer.restore(
                                        store,
                                        manifest,
                                        fresh,
                                        ConflictPolicy.FAIL,
                                        nothingWritten()))
                .isInstanceOf(CorruptArchiveException.class);
        assertThat(fresh).doesNotExist();
    }

    @Test
    void shouldLeaveNothingVisibleWhenTheLastChunkFailsAfterEarlierChunksWereWritten()
            throws Exception {
        ManifestChunk last = manifest.chunks().get(manifest.chunks().size() - 1);
        byte[] stored = Files.readAllBytes(object(last.key()));
        stored[stored.length - 5] ^= 0x01;
        Files.write(object(last.key()), stored);
        Files.writeString(target.resolve("kept.txt"), "was here before");
        Path journalFile = temp.resolve("restore.journal");
        List<Long> staged = new ArrayList<>();
        RestoreListener listener =
                new RestoreListener() {
                    @Override
                    public void progress(long bytes, long files) {
                        throw new AssertionError("an entry was put in place before the corruption");
                    }

                    @Override
                    public void staged(long bytes, long files) {
                        staged.add(bytes);
                    }
                };

        try (RestoreJournal journal = RestoreJournal.open(journalFile, target)) {
            assertThatThrownBy(
                            () ->
                                    ArchiveRestorer.restore(
                                            store,
                                            manifest,
                                            target,
                                            ConflictPolicy.FAIL,
                                            listener,
                                            journal))
                    .isInstanceOfSatisfying(
                            CorruptArchiveException.class,
                            e -> assertThat(e.chunkIndex()).isEqualTo(last.index()));
            assertThat(journal.paths()).isEmpty();
        }

        assertThat(staged)
                .as("the chunks before the last were read and written (staged) before it failed")
                .isNotEmpty();
        try (Stream<Path> left = Files.list(target)) {
            assertThat(left).containsExactly(target.resolve("kept.txt"));
        }
        try (RestoreJournal reopened = RestoreJournal.open(journalFile, target)) {
            assertThat(reopened.paths()).isEmpty();
            assertThat(reopened.created()).isEmpty();
        }
    }

    @Test
    void shouldReadEveryChunkOnceAndRestoreTheTree() throws Exception {
        CountingOpens counting = new CountingOpens(store);

        ArchiveRestorer.restore(
                counting, manifest, target, ConflictPolicy.FAIL, RestoreListener.NONE);

        assertThat(counting.opens.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        manifest.chunks().stream().map(ManifestChunk::key).toList());
        assertThat(counting.opens.values()).allMatch(n -> n == 1);
        assertThat(TreeSnapshot.of(target)).isEqualTo(TreeSnapshot.of(temp.resolve("src")));
    }

    private RestoreResult restore() throws IOException {
        return ArchiveRestorer.restore(
                store, manifest, target, ConflictPolicy.FAIL, nothingWritten());
    }

    /**
     * Fails if any entry is written: a write rolled back later would leave the same empty target.
     */
    private static RestoreListener nothingWritten() {
        return (bytes, files) -> {
            throw new AssertionError("an entry was written before the corruption was found");
        };
    }

    private Path object(String key) {
        return store.base().resolve(key);
    }

    /** Counts how often each object is opened. */
    private static final class CountingOpens implements TierStore {

        private final FilesystemTierStore delegate;
        private final Map<String, Integer> opens = new ConcurrentHashMap<>();

        CountingOpens(FilesystemTierStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public InputStream open(String k) throws IOException {
            opens.merge(k, 1, Integer::sum);
            return delegate.open(k);
        }

        @Override
        public <T> T put(String k, ObjectWriter<T> writer) throws IOException {
            return delegate.put(k, writer);
        }

        @Override
        public InputStream openRange(String k, long offset, long length) throws IOException {
            return delegate.openRange(k, offset, length);
        }

        @Override
        public long size(String k) throws IOException {
            return delegate.size(k);
        }

        @Override
        public ObjectInfo stat(String k) throws IOException {
            return delegate.stat(k);
        }

        @Override
        public boolean exists(String k) {
            return delegate.exists(k);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return delegate.list(prefix);
        }

        @Override
        public void delete(String k) throws IOException {
            delegate.delete(k);
        }

        @Override
        public String location(String k) {
            return delegate.location(k);
        }
    }
}
