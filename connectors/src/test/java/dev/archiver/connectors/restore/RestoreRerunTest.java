package dev.archiver.connectors.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.testing.Archives;
import dev.archiver.connectors.testing.CraftedTar;
import dev.archiver.connectors.testing.Processes;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.testing.TreeSnapshot;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore run again with the journal of an attempt that died: the service resubmits it after a
 * crash.
 */
class RestoreRerunTest {

    private static final long CHUNK = 4096;

    @TempDir Path temp;

    private FilesystemTierStore store;
    private SampleTree source;
    private Manifest manifest;
    private Path target;
    private Path journalFile;

    /**
     * The target and journal just as a process killed right after writing its n-th file leaves
     * them.
     */
    private record Crash(Path target, Path journal) {}

    @BeforeEach
    void archiveTheMixedSampleTree() throws Exception {
        store = new FilesystemTierStore(temp.resolve("tier"));
        source = SampleTree.mixed(temp.resolve("src"));
        manifest = Archives.archive(store, "rerun/run-1", source.root(), CHUNK);
        target = Files.createDirectories(temp.resolve("target"));
        journalFile = temp.resolve("restore.journal");
    }

    @Test
    void shouldRecreateWhatWentMissingWhenRunAgainUnderFail() throws Exception {
        try (RestoreJournal journal = RestoreJournal.open(journalFile, target)) {
            ArchiveRestorer.restore(
                    store, manifest, target, ConflictPolicy.FAIL, RestoreListener.NONE, journal);
        }
        Files.delete(target.resolve("docs/readme.txt")); // also gives docs a new mtime
        Files.delete(target.resolve("link-to-dir"));
        deleteTree(target.resolve("a/b"));

        RestoreResult rerun;
        try (RestoreJournal journal = RestoreJournal.open(journalFile, target)) {
            rerun =
                    ArchiveRestorer.restore(
                            store,
                            manifest,
                            target,
                            ConflictPolicy.FAIL,
                            RestoreListener.NONE,
                            journal);

            assertThat(journal.paths())
                    .containsExactlyInAnyOrderElementsOf(everythingUnder(target));
        }

        assertThat(TreeSnapshot.of(target)).isEqualTo(TreeSnapshot.of(source.root()));
        assertThat(rerun.written())
                .contains(
                        target.resolve("docs/readme.txt"),
                        target.resolve("link-to-dir"),
                        target.resolve("a/b"),
                        target.resolve("a/b/c/d/deep.txt"));
        assertThat(rerun.written())
                .as("this attempt's: the directory was there already")
                .doesNotContain(target.resolve("docs"));
        assertThat(rerun.skipped()).isZero();
    }

    @Test
    void shouldFinishAnAttemptThatDiedHalfwayWhenRunAgainUnderFail() throws Exception {
        Crash crash = crashAfter(manifest, ConflictPolicy.FAIL, 5);
        Map<String, TreeSnapshot.Node> partial = TreeSnapshot.of(crash.target());
        assertThat(partial).containsKey("docs/readme.txt").doesNotContainKey("secret.key");
        Files.writeString(
                crash.journal(), "created docs/read", StandardOpenOption.APPEND); // died mid-record

        RestoreResult rerun;
        try (RestoreJournal journal = RestoreJournal.open(crash.journal(), crash.target())) {
            rerun =
                    ArchiveRestorer.restore(
                            store,
                            manifest,
                            crash.target(),
                            ConflictPolicy.FAIL,
                            RestoreListener.NONE,
                            journal);

            assertThat(journal.paths())
                    .containsExactlyInAnyOrderElementsOf(everythingUnder(crash.target()));
        }

        assertThat(TreeSnapshot.of(crash.target())).isEqualTo(TreeSnapshot.of(source.root()));
        assertThat(rerun.files() + rerun.symlinks())
                .isEqualTo(manifest.totals().files() + manifest.totals().symlinks());
        assertThat(namesUnder(crash.target())).noneMatch(name -> name.startsWith(".restore-"));
    }

    @Test
    void shouldStillFailOnAFileTheJournalDoesNotHoldAndWriteNothing() throws Exception {
        byte[] tar =
                CraftedTar.posix()
                        .dir("d")
                        .file("d/one", "1")
                        .file("d/two", "2")
                        .file("three", "3")
                        .bytes();
        Manifest small = Archives.singleChunk(store, "rerun/small", tar);
        Crash crash = crashAfter(small, ConflictPolicy.FAIL, 1);
        assertThat(TreeSnapshot.of(crash.target())).containsOnlyKeys("d", "d/one");
        // Someone else's file, in a directory the restore created: the directory is the restore's,
        // it is not.
        Files.writeString(crash.target().resolve("d/two"), "theirs");
        Files.delete(
                crash.target().resolve("d/one")); // so a re-run would have something to write first
        Map<String, TreeSnapshot.Node> before = TreeSnapshot.of(crash.target());
        byte[] journalBefore = Files.readAllBytes(crash.journal());

        try (RestoreJournal journal = RestoreJournal.open(crash.journal(), crash.target())) {
            assertThatThrownBy(
                            () ->
                                    ArchiveRestorer.restore(
                                            store,
                                            small,
                                            crash.target(),
                                            ConflictPolicy.FAIL,
                                            RestoreListener.NONE,
                                            journal))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.path()).isEqualTo(crash.target().resolve("d/two")));
        }

        assertThat(TreeSnapshot.of(crash.target())).isEqualTo(before);
        assertThat(crash.target().resolve("d/two")).hasContent("theirs");
        assertThat(crash.journal()).hasBinaryContent(journalBefore);
    }

    @Test
    void shouldReplaceRatherThanSkipWhatAnEarlierAttemptWroteUnderSkip() throws Exception {
        Files.writeString(target.resolve("secret.key"), "mine");
        Crash crash = crashAfter(manifest, ConflictPolicy.SKIP, 5);

        RestoreResult rerun;
        try (RestoreJournal journal = RestoreJournal.open(crash.journal(), crash.target())) {
            rerun =
                    ArchiveRestorer.restore(
                            store,
                            manifest,
                            crash.target(),
                            ConflictPolicy.SKIP,
                            RestoreListener.NONE,
                            journal);

            assertThat(journal.paths()).doesNotContain(crash.target().resolve("secret.key"));
        }

        assertThat(rerun.skipped())
                .as("only the file that was there before the restore")
                .isEqualTo(1);
        assertThat(rerun.written()).contains(crash.target().resolve("docs/readme.txt"));
        assertThat(crash.target().resolve("secret.key")).hasContent("mine");
        Map<String, TreeSnapshot.Node> restored = TreeSnapshot.of(crash.target());
        Map<String, TreeSnapshot.Node> expected = TreeSnapshot.of(source.root());
        restored.remove("secret.key");
        expected.remove("secret.key");
        assertThat(restored).isEqualTo(expected);
    }

    @Test
    void shouldRemoveWhatTheEarlierAttemptCreatedWhenTheRerunFails() throws Exception {
        Files.writeString(target.resolve("kept.txt"), "was here before");
        Files.writeString(
                target.resolve("big.bin"), "replaced under OVERWRITE by the first attempt");
        Crash crash = crashAfter(manifest, ConflictPolicy.OVERWRITE, 5);
        assertThat(TreeSnapshot.of(crash.target()))
                .containsKeys("a/b/c/d/deep.txt", "bin/run.sh", "dangling", "docs/readme.txt");

        try (RestoreJournal journal = RestoreJournal.open(crash.journal(), crash.target())) {
            assertThatThrownBy(
                            () ->
                                    ArchiveRestorer.restore(
                                            store,
                                            manifest,
                                            crash.target(),
                                            ConflictPolicy.OVERWRITE,
                                            failAt(8),
                                            journal))
                    .hasMessage("failed at file 8");

            assertThat(journal.paths()).containsExactly(crash.target().resolve("big.bin"));
        }

        assertThat(TreeSnapshot.of(crash.target())).containsOnlyKeys("kept.txt", "big.bin");
        assertThat(crash.target().resolve("kept.txt")).hasContent("was here before");
        assertThat(crash.target().resolve("big.bin"))
                .as("what it held before is gone: the archive's stays")
                .hasSameBinaryContentAs(source.root().resolve("big.bin"));
        try (RestoreJournal reopened = RestoreJournal.open(crash.journal(), crash.target())) {
            assertThat(reopened.paths()).containsExactly(crash.target().resolve("big.bin"));
        }
    }

    @Test
    void shouldRemoveATargetTheEarlierAttemptCreatedWhenTheRerunFails() throws Exception {
        Path fresh = temp.resolve("fresh");
        Crash crash = crashAfter(manifest, fresh, ConflictPolicy.FAIL, 3);

        try (RestoreJournal journal = RestoreJournal.open(crash.journal(), crash.target())) {
            assertThatThrownBy(
                            () ->
                                    ArchiveRestorer.restore(
                                            store,
                                            manifest,
                                            crash.target(),
                                            ConflictPolicy.FAIL,
                                            failAt(1),
                                            journal))
                    .hasMessage("failed at file 1");
        }

        assertThat(crash.target()).doesNotExist();
    }

    @Test
    void shouldRestoreHostileNamesAgainAfterACrash() throws Exception {
        byte[] tar =
                CraftedTar.posix()
                        .dir("new\nline")
                        .file("new\nline/back\\slash", "1")
                        .file("per%25cent\r", "2")
                        .symlink("ünï\ncødé", "per%25cent\r")
                        .file("z", "3")
                        .bytes();
        Manifest hostile = Archives.singleChunk(store, "rerun/hostile", tar);
        Path reference = temp.resolve("reference");
        ArchiveRestorer.restore(
                store, hostile, reference, ConflictPolicy.FAIL, RestoreListener.NONE);
        Crash crash = crashAfter(hostile, ConflictPolicy.FAIL, 3);

        try (RestoreJournal journal = RestoreJournal.open(crash.journal(), crash.target())) {
            ArchiveRestorer.restore(
                    store,
                    hostile,
                    crash.target(),
                    ConflictPolicy.FAIL,
                    RestoreListener.NONE,
                    journal);
        }

        assertThat(TreeSnapshot.of(crash.target()))
                .isEqualTo(TreeSnapshot.of(reference))
                .hasSize(5);
    }

    @Test
    void shouldClearWhatACrashedAttemptStagedAndFinishWhenRunAgain() throws Exception {
        Path snapshot = temp.resolve("snapshot");
        RestoreListener copyWhileStaging =
                new RestoreListener() {
                    @Override
                    public void progress(long bytes, long files) {}

                    @Override
                    public void staged(long bytes, long files) {
                        if (files == 3) { // the target as a process killed now leaves it
                            copy(target, snapshot);
                            throw new IllegalStateException("stopped while staging");
                        }
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
                                            copyWhileStaging,
                                            journal))
                    .hasMessage("stopped while staging");
        }
        assertThat(target).as("the failed attempt removed its staging area").isEmptyDirectory();
        deleteTree(target);
        move(snapshot, target);
        assertThat(everythingUnder(target).stream().map(p -> p.getFileName().toString()))
                .as("what the crash left: staged files, nothing under a final name")
                .isNotEmpty()
                .allMatch(name -> name.startsWith(".restore-staging-") || name.matches("[0-9]+"));

        try (RestoreJournal journal = RestoreJournal.open(journalFile, target)) {
            ArchiveRestorer.restore(
                    store, manifest, target, ConflictPolicy.FAIL, RestoreListener.NONE, journal);
            assertThat(journal.paths())
                    .containsExactlyInAnyOrderElementsOf(everythingUnder(target));
        }

        assertThat(TreeSnapshot.of(target)).isEqualTo(TreeSnapshot.of(source.root()));
        assertThat(namesUnder(target)).noneMatch(name -> name.startsWith(".restore-"));
    }

    @Test
    void shouldRefuseAJournalOfAnotherTarget() throws Exception {
        try (RestoreJournal journal = RestoreJournal.inMemory(temp.resolve("elsewhere"))) {
            assertThatThrownBy(
                            () ->
                                    ArchiveRestorer.restore(
                                            store,
                                            manifest,
                                            target,
                                            ConflictPolicy.FAIL,
                                            RestoreListener.NONE,
                                            journal))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(target).isEmptyDirectory();
    }

    private Crash crashAfter(Manifest archive, ConflictPolicy policy, int files) throws Exception {
        return crashAfter(archive, target, policy, files);
    }

    /**
     * Runs a restore into {@code into} and moves the target away, and copies the journal, as they
     * are right after its n-th file or symlink is in place: what a process killed at that moment
     * leaves behind. The attempt itself is then stopped by an exception, and finds nothing left in
     * {@code into} to roll back.
     */
    private Crash crashAfter(Manifest archive, Path into, ConflictPolicy policy, int files)
            throws Exception {
        Path crashedTarget = temp.resolve("crashed");
        Path crashedJournal = temp.resolve("crashed.journal");
        RestoreListener copyAndStop =
                (bytes, written) -> {
                    if (written == files) {
                        move(
                                into,
                                crashedTarget); // a rename keeps every file's identity, as a crash
                        // would
                        copy(journalFile, crashedJournal);
                        throw new IllegalStateException("stopped after file " + files);
                    }
                };
        try (RestoreJournal journal = RestoreJournal.open(journalFile, into)) {
            assertThatThrownBy(
                            () ->
                                    ArchiveRestorer.restore(
                                            store, archive, into, policy, copyAndStop, journal))
                    .hasMessage("stopped after file " + files);
        }
        return new Crash(crashedTarget, crashedJournal);
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void copy(Path from, Path to) {
        try {
            Processes.Result cp = Processes.sh(temp, "cp -a '" + from + "' '" + to + "'");
            assertThat(cp.exitCode()).as(cp.stderr()).isZero();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RestoreListener failAt(int files) {
        return (bytes, written) -> {
            if (written == files) {
                throw new IllegalStateException("failed at file " + files);
            }
        };
    }

    private static List<Path> everythingUnder(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> !path.equals(root)).toList();
        }
    }

    private static List<String> namesUnder(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
