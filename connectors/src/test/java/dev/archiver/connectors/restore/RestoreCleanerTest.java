package dev.archiver.connectors.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.paths.FileIdentity;
import dev.archiver.connectors.testing.Archives;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.testing.TreeSnapshot;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCleanerTest {

    @TempDir Path temp;

    private FilesystemTierStore store;
    private Manifest manifest;
    private Path target;

    @BeforeEach
    void archiveASampleTree() throws Exception {
        store = new FilesystemTierStore(temp.resolve("tier"));
        manifest =
                Archives.archive(
                        store, "clean/run", SampleTree.mixed(temp.resolve("src")).root(), 4096);
        target = Files.createDirectories(temp.resolve("target"));
    }

    @Test
    void shouldRemoveExactlyWhatTheRestoreWroteAndKeepWhatWasThereBefore() throws Exception {
        Files.writeString(target.resolve("mine.txt"), "mine");
        Files.createDirectories(target.resolve("docs"));
        Files.writeString(target.resolve("docs/my-notes.txt"), "notes");
        Files.writeString(target.resolve("docs/readme.txt"), "my readme");
        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, target, ConflictPolicy.SKIP, RestoreListener.NONE);
        assertThat(TreeSnapshot.of(target)).containsKey("big.bin");

        CleanupResult cleanup = RestoreCleaner.remove(result, target);

        assertThat(TreeSnapshot.of(target))
                .containsOnlyKeys("mine.txt", "docs", "docs/my-notes.txt", "docs/readme.txt");
        assertThat(target.resolve("docs/readme.txt")).hasContent("my readme");
        assertThat(cleanup.removed()).containsExactlyInAnyOrderElementsOf(result.written());
        assertThat(cleanup.kept()).isEmpty();
    }

    @Test
    void shouldRemoveATargetTheRestoreCreated() throws Exception {
        Path fresh = temp.resolve("fresh");
        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, fresh, ConflictPolicy.FAIL, RestoreListener.NONE);

        RestoreCleaner.remove(result, fresh);

        assertThat(fresh).doesNotExist();
    }

    @Test
    void shouldKeepADirectoryItCreatedOnceSomeoneElseAddedFilesToIt() throws Exception {
        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, target, ConflictPolicy.FAIL, RestoreListener.NONE);
        Files.writeString(target.resolve("docs/added-later.txt"), "not restored");

        CleanupResult cleanup = RestoreCleaner.remove(result, target);

        assertThat(TreeSnapshot.of(target)).containsOnlyKeys("docs", "docs/added-later.txt");
        assertThat(cleanup.kept()).containsExactly(target.resolve("docs"));
    }

    @Test
    void shouldLeaveListedPathsOutsideTheTargetAlone() throws Exception {
        Path elsewhere = Files.writeString(temp.resolve("elsewhere.txt"), "not under the target");
        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, target, ConflictPolicy.FAIL, RestoreListener.NONE);
        FileIdentity identity =
                FileIdentity.of(Files.readAttributes(elsewhere, BasicFileAttributes.class));
        List<RestoreJournal.Entry> tampered = new ArrayList<>(result.created());
        tampered.add(
                new RestoreJournal.Entry(
                        elsewhere.toString(), RestoreJournal.Origin.CREATED, identity));
        tampered.add(
                new RestoreJournal.Entry(
                        "../elsewhere.txt", RestoreJournal.Origin.CREATED, identity));

        CleanupResult cleanup = RestoreCleaner.remove(target, tampered);

        assertThat(elsewhere).hasContent("not under the target");
        assertThat(cleanup.kept()).contains(elsewhere, target.resolve("../elsewhere.txt"));
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void shouldNotDeleteThroughADirectorySwappedForASymlinkSinceTheRestore() throws Exception {
        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, target, ConflictPolicy.FAIL, RestoreListener.NONE);
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("readme.txt"), "outside the target");
        deleteTree(target.resolve("docs"));
        Files.createSymbolicLink(target.resolve("docs"), outside);

        CleanupResult cleanup = RestoreCleaner.remove(result, target);

        assertThat(outside.resolve("readme.txt")).hasContent("outside the target");
        assertThat(cleanup.kept()).contains(target.resolve("docs/readme.txt"));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
