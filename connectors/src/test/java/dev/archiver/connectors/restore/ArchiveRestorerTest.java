package dev.archiver.connectors.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.TarEntry;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.testing.Archives;
import dev.archiver.connectors.testing.CraftedTar;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.testing.TreeSnapshot;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRestorerTest {

    private static final long CHUNK = 4096;

    @TempDir Path temp;

    private FilesystemTierStore store;
    private SampleTree source;
    private Manifest manifest;
    private Path target;

    @BeforeEach
    void archiveTheMixedSampleTree() throws Exception {
        store = new FilesystemTierStore(temp.resolve("tier"));
        source = SampleTree.mixed(temp.resolve("src"));
        manifest = Archives.archive(store, "restore/run-1", source.root(), CHUNK);
        target = Files.createDirectories(temp.resolve("target"));
    }

    @Test
    void shouldRestoreATreeIdenticalToTheSourceInBytesModesMtimesAndLinkTargets() throws Exception {
        TarPlan plan = FileTreePlanner.plan(source.root(), CHUNK);
        TarEntry big =
                plan.entries().stream()
                        .filter(e -> e.path().equals("big.bin"))
                        .findFirst()
                        .orElseThrow();
        assertThat(big.dataEnd() / CHUNK - big.dataOffset() / CHUNK)
                .as("big.bin spans chunks")
                .isGreaterThan(3);

        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, target, ConflictPolicy.FAIL, RestoreListener.NONE);

        Map<String, TreeSnapshot.Node> restored = TreeSnapshot.of(target);
        assertThat(restored).isEqualTo(TreeSnapshot.of(source.root()));
        assertThat(restored.get("secret.key").mode()).isEqualTo("rw-------");
        assertThat(restored.get("bin/run.sh").mode()).isEqualTo("rwxr-xr-x");
        assertThat(restored.get("link-to-dir").linkTarget()).isEqualTo("docs");
        assertThat(Files.isSymbolicLink(target.resolve("link-to-dir"))).isTrue();
        assertThat(result.files()).isEqualTo(manifest.totals().files());
        assertThat(result.dirs()).isEqualTo(manifest.totals().dirs());
        assertThat(result.symlinks()).isEqualTo(manifest.totals().symlinks());
        assertThat(result.bytes())
                .isEqualTo(plan.entries().stream().mapToLong(TarEntry::size).sum());
        assertThat(result.skipped()).isZero();
        assertThat(result.written())
                .hasSize(restored.size())
                .containsExactlyInAnyOrderElementsOf(
                        restored.keySet().stream().map(target::resolve).toList());
        assertThat(namesUnder(target)).noneMatch(name -> name.startsWith(".restore-"));
    }

    @Test
    void shouldCreateAMissingTargetAndCountItAsWritten() throws Exception {
        Path fresh = temp.resolve("fresh");

        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, fresh, ConflictPolicy.FAIL, RestoreListener.NONE);

        assertThat(TreeSnapshot.of(fresh)).isEqualTo(TreeSnapshot.of(source.root()));
        assertThat(result.written()).first().isEqualTo(fresh);
    }

    @Test
    void shouldRestoreIntoADirectoryThatIsReadOnlyInTheArchive() throws Exception {
        // As root the mode would not stop the write anyway; for other users this proves modes are
        // set last.
        SampleTree readOnly = new SampleTree(temp.resolve("ro-src"));
        readOnly.text("sealed/inside.txt", "inside", "r--r--r--");
        readOnly.dir("sealed", "r-xr-xr-x");
        Manifest sealed =
                Archives.archive(store, "restore/sealed", readOnly.finish().root(), CHUNK);

        ArchiveRestorer.restore(store, sealed, target, ConflictPolicy.FAIL, RestoreListener.NONE);

        assertThat(TreeSnapshot.of(target)).isEqualTo(TreeSnapshot.of(readOnly.root()));
    }

    @Test
    void shouldLeaveExistingFilesAndLinksAsTheyAreUnderSkip() throws Exception {
        Files.createDirectories(target.resolve("docs"));
        Files.writeString(target.resolve("docs/readme.txt"), "mine");
        Files.writeString(target.resolve("link-to-readme"), "a file where the archive has a link");
        Files.writeString(target.resolve("extra.txt"), "not in the archive");

        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, target, ConflictPolicy.SKIP, RestoreListener.NONE);

        assertThat(target.resolve("docs/readme.txt")).hasContent("mine");
        assertThat(Files.isSymbolicLink(target.resolve("link-to-readme"))).isFalse();
        assertThat(target.resolve("extra.txt")).hasContent("not in the archive");
        assertThat(result.skipped()).isEqualTo(2);
        assertThat(result.files()).isEqualTo(manifest.totals().files() - 1);
        assertThat(result.symlinks()).isEqualTo(manifest.totals().symlinks() - 1);
        assertThat(result.written())
                .doesNotContain(
                        target.resolve("docs/readme.txt"),
                        target.resolve("docs"),
                        target.resolve("extra.txt"));
        Map<String, TreeSnapshot.Node> expected = TreeSnapshot.of(source.root());
        expected.keySet().removeAll(List.of("docs", "docs/readme.txt", "link-to-readme"));
        assertThat(TreeSnapshot.of(target)).containsAllEntriesOf(expected);
    }

    @Test
    void shouldReplaceExistingFilesAndLinksUnderOverwrite() throws Exception {
        Files.createDirectories(target.resolve("docs"));
        Files.writeString(target.resolve("docs/readme.txt"), "mine");
        Files.createSymbolicLink(target.resolve("secret.key"), Path.of("docs/readme.txt"));
        Files.writeString(target.resolve("extra.txt"), "not in the archive");

        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, target, ConflictPolicy.OVERWRITE, RestoreListener.NONE);

        Map<String, TreeSnapshot.Node> restored = TreeSnapshot.of(target);
        assertThat(restored.remove("extra.txt")).isNotNull();
        restored.remove(
                "docs"); // it existed before: merged into, its own mtime is not the archive's
        Map<String, TreeSnapshot.Node> expected = TreeSnapshot.of(source.root());
        expected.remove("docs");
        assertThat(restored).isEqualTo(expected);
        assertThat(result.written())
                .contains(target.resolve("docs/readme.txt"), target.resolve("secret.key"));
        assertThat(result.skipped()).isZero();
    }

    @Test
    void shouldFailNamingTheConflictAndWriteNothingUnderFail() throws Exception {
        Files.createDirectories(target.resolve("docs"));
        Files.writeString(target.resolve("docs/readme.txt"), "mine");
        Map<String, TreeSnapshot.Node> before = TreeSnapshot.of(target);

        List<Long> written = new ArrayList<>();

        assertThatThrownBy(
                        () ->
                                ArchiveRestorer.restore(
                                        store,
                                        manifest,
                                        target,
                                        ConflictPolicy.FAIL,
                                        (bytes, files) -> written.add(files)))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.path()).isEqualTo(target.resolve("docs/readme.txt")));

        assertThat(written).as("entries written (and rolled back) before the conflict").isEmpty();

        assertThat(TreeSnapshot.of(target)).isEqualTo(before);
    }

    @Test
    void shouldNeverReplaceADirectoryWithAFileEvenUnderOverwrite() throws Exception {
        Files.createDirectories(target.resolve("secret.key/inside"));

        assertThatThrownBy(
                        () ->
                                ArchiveRestorer.restore(
                                        store,
                                        manifest,
                                        target,
                                        ConflictPolicy.OVERWRITE,
                                        RestoreListener.NONE))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.path()).isEqualTo(target.resolve("secret.key")));

        assertThat(TreeSnapshot.of(target)).containsOnlyKeys("secret.key", "secret.key/inside");
    }

    @Test
    void shouldRemoveWhatItCreatedWhenTheWritePassFails() throws Exception {
        // The same file twice: the scan cannot see the first copy on disk, the write pass meets it.
        byte[] tar = CraftedTar.posix().dir("d").file("d/one", "1").file("d/one", "again").bytes();
        Manifest twice = Archives.singleChunk(store, "restore/twice", tar);
        Files.writeString(target.resolve("kept.txt"), "was here before");

        assertThatThrownBy(
                        () ->
                                ArchiveRestorer.restore(
                                        store,
                                        twice,
                                        target,
                                        ConflictPolicy.FAIL,
                                        RestoreListener.NONE))
                .isInstanceOf(ConflictException.class);

        assertThat(TreeSnapshot.of(target)).containsOnlyKeys("kept.txt");
    }

    @Test
    void shouldReportProgressThatGrowsToTheTotals() throws Exception {
        List<long[]> calls = new ArrayList<>();

        RestoreResult result =
                ArchiveRestorer.restore(
                        store,
                        manifest,
                        target,
                        ConflictPolicy.FAIL,
                        (bytes, files) -> calls.add(new long[] {bytes, files}));

        assertThat(calls).hasSize((int) (result.files() + result.symlinks()));
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
            assertThat(calls.get(i)[1]).isEqualTo(calls.get(i - 1)[1] + 1);
        }
        assertThat(calls.get(calls.size() - 1))
                .containsExactly(result.bytes(), result.files() + result.symlinks());
    }

    @Test
    void shouldDropSetuidAndSetgidButKeepTheStickyBit() throws Exception {
        byte[] tar =
                CraftedTar.posix().dir("shared", 01777).file("tool", "#!/bin/sh\n", 06755).bytes();
        Manifest modes = Archives.singleChunk(store, "restore/modes", tar);

        ArchiveRestorer.restore(store, modes, target, ConflictPolicy.FAIL, RestoreListener.NONE);

        assertThat(unixMode(target.resolve("tool"))).isEqualTo(0755);
        assertThat(unixMode(target.resolve("shared")))
                .as("sticky kept, group and other write masked by 022")
                .isEqualTo(01755);
    }

    @Test
    void shouldMaskTheArchivedModesWithTheUmask() throws Exception {
        byte[] tar =
                CraftedTar.posix()
                        .dir("shared", 01777)
                        .file("open", "x", 0666)
                        .file("private", "y", 0640)
                        .bytes();
        Manifest modes = Archives.singleChunk(store, "restore/umask", tar);

        ArchiveRestorer.restore(
                store,
                modes,
                target,
                ConflictPolicy.FAIL,
                RestoreListener.NONE,
                RestoreJournal.inMemory(target),
                0);
        Path strict = temp.resolve("strict");
        ArchiveRestorer.restore(
                store,
                modes,
                strict,
                ConflictPolicy.FAIL,
                RestoreListener.NONE,
                RestoreJournal.inMemory(strict),
                077);

        assertThat(unixMode(target.resolve("shared"))).isEqualTo(01777);
        assertThat(unixMode(target.resolve("open"))).isEqualTo(0666);
        assertThat(unixMode(strict.resolve("shared"))).isEqualTo(01700);
        assertThat(unixMode(strict.resolve("open"))).isEqualTo(0600);
        assertThat(unixMode(strict.resolve("private"))).isEqualTo(0600);
    }

    @Test
    void shouldRefuseAnArchiveItCannotDecode() {
        Manifest encrypted =
                new Manifest(
                        manifest.formatVersion(),
                        manifest.runId(),
                        manifest.archiveId(),
                        manifest.source(),
                        manifest.createdAt(),
                        "zstd",
                        "tar",
                        "aes-256-gcm",
                        "key-1",
                        manifest.chunks(),
                        manifest.totals());

        assertThatThrownBy(
                        () ->
                                ArchiveRestorer.restore(
                                        store,
                                        encrypted,
                                        target,
                                        ConflictPolicy.FAIL,
                                        RestoreListener.NONE))
                .isInstanceOf(RestoreException.class)
                .hasMessageContaining("aes-256-gcm");
    }

    @Test
    void shouldRefuseATargetThatIsAFile() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "x");

        assertThatThrownBy(
                        () ->
                                ArchiveRestorer.restore(
                                        store,
                                        manifest,
                                        file,
                                        ConflictPolicy.FAIL,
                                        RestoreListener.NONE))
                .isInstanceOf(RestoreException.class)
                .hasMessageContaining("not a directory");
        assertThat(file).hasContent("x");
    }

    private static int unixMode(Path path) throws Exception {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static List<String> namesUnder(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.map(p -> p.getFileName().toString()).toList();
        }
    }
}
