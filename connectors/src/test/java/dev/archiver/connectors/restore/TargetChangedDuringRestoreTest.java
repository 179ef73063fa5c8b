package dev.archiver.connectors.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.testing.Archives;
import dev.archiver.connectors.testing.CraftedTar;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another process changes the target while a restore writes it, or before its copy expires. */
class TargetChangedDuringRestoreTest {

    @TempDir Path temp;

    private FilesystemTierStore store;
    private Manifest manifest;
    private Path target;
    private Path outside;

    @BeforeEach
    void setUp() throws Exception {
        store = new FilesystemTierStore(temp.resolve("tier"));
        byte[] tar =
                CraftedTar.posix()
                        .dir("d")
                        .file("d/1.txt", "one")
                        .file("d/2.txt", "two")
                        .dir("d/sub")
                        .file("d/sub/3.txt", "three")
                        .file("top.txt", "top")
                        .bytes();
        manifest = Archives.singleChunk(store, "swap/run", tar);
        target = temp.resolve("target");
        outside = Files.createDirectories(temp.resolve("outside"));
    }

    @Test
    void shouldRefuseToFollowADirectorySwappedForALinkWhileItRestores() throws Exception {
        RestoreListener swapAfterFirstFile =
                (bytes, files) -> {
                    if (files == 1) {
                        swapForLink(target.resolve("d"), outside);
                    }
                };

        Throwable thrown =
                catchThrowable(
                        () ->
                                ArchiveRestorer.restore(
                                        store,
                                        manifest,
                                        target,
                                        ConflictPolicy.FAIL,
                                        swapAfterFirstFile));

        assertThat(thrown).isInstanceOf(UnsafeEntryException.class).hasMessageContaining("symlink");
        assertThat(contents(outside)).as("nothing written through the link").isEmpty();
    }

    @Test
    void shouldLeaveAFileReplacedOrEditedSinceTheRestoreWhenItsCopyIsRemoved() throws Exception {
        Files.createDirectories(target);
        Files.writeString(target.resolve("top.txt"), "was here before the restore");
        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, target, ConflictPolicy.OVERWRITE, RestoreListener.NONE);
        Path replacement =
                Files.writeString(target.resolve("d/.1.tmp"), "the operator's new version");
        Files.move(replacement, target.resolve("d/1.txt"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(target.resolve("d/2.txt"), "edited in place, longer than before");

        CleanupResult cleanup = RestoreCleaner.remove(result, target);

        assertThat(target.resolve("top.txt"))
                .as("there before: replaced, never removed")
                .hasContent("top");
        assertThat(target.resolve("d/1.txt")).hasContent("the operator's new version");
        assertThat(target.resolve("d/2.txt")).hasContent("edited in place, longer than before");
        assertThat(target.resolve("d/sub")).doesNotExist();
        assertThat(cleanup.kept())
                .contains(
                        target.resolve("d/1.txt"), target.resolve("d/2.txt"), target.resolve("d"));
    }

    @Test
    void shouldNotRemoveThroughADirectorySwappedForALinkBeforeExpiry() throws Exception {
        RestoreResult result =
                ArchiveRestorer.restore(
                        store, manifest, target, ConflictPolicy.FAIL, RestoreListener.NONE);
        Files.writeString(outside.resolve("1.txt"), "not the restore's");
        swapForLink(target.resolve("d"), outside);

        RestoreCleaner.remove(result, target);

        assertThat(outside.resolve("1.txt")).hasContent("not the restore's");
    }

    private static void swapForLink(Path dir, Path to) {
        try {
            Files.move(dir, dir.resolveSibling(dir.getFileName() + ".moved"));
            Files.createSymbolicLink(dir, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.List<Path> contents(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).toList();
        }
    }
}
