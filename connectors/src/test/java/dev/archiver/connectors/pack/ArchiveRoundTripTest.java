package dev.archiver.connectors.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.TarEntry;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.testing.Processes;
import dev.archiver.connectors.testing.Processes.Result;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.testing.TreeSnapshot;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise to operators: an unencrypted archive comes back with nothing but cat, zstd and GNU
 * tar.
 */
class ArchiveRoundTripTest {

    private static final long CHUNK = 4096;

    @TempDir Path temp;

    @Test
    void shouldRestoreTheWholeTreeWithCatZstdAndTar() throws Exception {
        SampleTree source = SampleTree.mixed(temp.resolve("src"));
        Path archive = packAll(FileTreePlanner.plan(source.root(), CHUNK), 3);

        Path restored = restore(archive);

        assertThat(TreeSnapshot.of(restored)).isEqualTo(TreeSnapshot.of(source.root()));
        assertThat(TreeSnapshot.of(restored))
                .containsKeys(
                        "empty-dir",
                        "empty.dat",
                        "dangling",
                        "données/ünïcødé-файл.txt",
                        "long/" + "x".repeat(120) + ".txt",
                        "long-link");
    }

    @Test
    void shouldRoundTripAFileSpanningThreeChunksThroughTarAndZstd() throws Exception {
        SampleTree source = new SampleTree(temp.resolve("src"));
        source.text("before.txt", "before", "rw-r--r--");
        source.random("spanning.bin", (int) (3.5 * CHUNK));
        source.text("after.txt", "after", "rw-r--r--");
        source.finish();
        TarPlan plan = FileTreePlanner.plan(source.root(), CHUNK);
        TarEntry spanning =
                plan.entries().stream()
                        .filter(e -> e.path().equals("spanning.bin"))
                        .findFirst()
                        .orElseThrow();
        assertThat(spanning.dataEnd() / CHUNK - spanning.dataOffset() / CHUNK + 1)
                .isGreaterThanOrEqualTo(3);

        Path restored = restore(packAll(plan, 1));

        assertThat(TreeSnapshot.of(restored)).isEqualTo(TreeSnapshot.of(source.root()));
    }

    @Test
    void shouldListExactlyThePlannedEntriesWithGnuTarWithoutWarnings() throws Exception {
        TarPlan plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), CHUNK);
        Path archive = packAll(plan, 3);

        Result listing = Processes.sh(archive, "cat chunk-* | zstd -d -c | tar -tf -");

        assertThat(listing.exitCode()).as(listing.stderr()).isZero();
        assertThat(listing.stderr()).isEmpty();
        assertThat(listing.stdout().lines())
                .containsExactlyElementsOf(
                        plan.entries().stream()
                                .map(
                                        e ->
                                                e.type()
                                                                == dev.archiver.connectors.file
                                                                        .EntryType.DIRECTORY
                                                        ? e.path() + "/"
                                                        : e.path())
                                .toList());
    }

    /**
     * Packs every chunk under its deterministic key and returns the directory that holds the
     * chunks.
     */
    private Path packAll(TarPlan plan, int level) throws Exception {
        FilesystemTierStore store = new FilesystemTierStore(temp.resolve("tier"));
        ChunkPacker packer = new ChunkPacker(store, level);
        String archiveId = ArchiveKeys.archiveId("test/run");
        for (int i = 0; i < plan.chunks().size(); i++) {
            packer.pack(plan, i, ArchiveKeys.chunkKey(archiveId, i));
        }
        assertThat(store.list(ArchiveKeys.prefix(archiveId))).hasSize(plan.chunks().size());
        return store.base().resolve(ArchiveKeys.prefix(archiveId));
    }

    private Path restore(Path archive) throws Exception {
        Path target = Files.createDirectories(temp.resolve("restored"));
        Result result =
                Processes.sh(archive, "cat chunk-* | zstd -d -c | tar -xpf - -C '" + target + "'");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).isEmpty();
        return target;
    }
}
