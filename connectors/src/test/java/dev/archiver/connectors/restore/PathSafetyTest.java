package dev.archiver.connectors.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.restore.UnsafeEntryException.Reason;
import dev.archiver.connectors.testing.Archives;
import dev.archiver.connectors.testing.CraftedTar;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives we did not write: a restore refuses them whole and never writes outside its target. */
class PathSafetyTest {

    @TempDir Path temp;

    private FilesystemTierStore store;
    private Path target;
    private Path outside;

    @BeforeEach
    void setUp() throws Exception {
        store = new FilesystemTierStore(temp.resolve("tier"));
        target = Files.createDirectories(temp.resolve("work/target"));
        outside = Files.createDirectories(temp.resolve("outside"));
    }

    @Test
    void shouldRefuseAParentSegmentAndWriteNothing() throws Exception {
        byte[] tar = CraftedTar.posix().file("fine.txt", "ok").file("../evil", "escaped").bytes();

        assertRefused(tar, "../evil", Reason.PARENT_SEGMENT);

        assertThat(temp.resolve("work/evil")).doesNotExist();
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void shouldRefuseAParentSegmentInTheMiddleOfAName() throws Exception {
        byte[] tar = CraftedTar.posix().file("a/../../../outside/evil", "escaped").bytes();

        assertRefused(tar, "a/../../../outside/evil", Reason.PARENT_SEGMENT);

        assertThat(outside.resolve("evil")).doesNotExist();
    }

    @Test
    void shouldRefuseAnAbsoluteName() throws Exception {
        assertThat(Path.of("/abs/evil")).doesNotExist();
        byte[] tar = CraftedTar.posix().file("/abs/evil", "escaped").bytes();

        assertRefused(tar, "/abs/evil", Reason.ABSOLUTE);

        assertThat(Path.of("/abs/evil")).doesNotExist();
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void shouldRefuseAnAbsoluteNamePointingIntoAnExistingDirectory() throws Exception {
        String name = outside.resolve("evil").toString();
        byte[] tar = CraftedTar.posix().file(name, "escaped").bytes();

        assertRefused(tar, name, Reason.ABSOLUTE);

        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void shouldRefuseAnAbsoluteNameCarriedInAPaxHeader() throws Exception {
        // Over 100 bytes, so the name lives in a pax header (where commons-compress would drop the
        // '/').
        String name = outside.resolve("x".repeat(120)).toString();
        byte[] tar = CraftedTar.posix().file(name, "escaped").bytes();

        assertRefused(tar, name, Reason.ABSOLUTE);

        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void shouldRefuseAParentSegmentCarriedInAGnuLongName() throws Exception {
        String name = "d".repeat(120) + "/../../../outside/evil";
        byte[] tar = CraftedTar.gnu().file(name, "escaped").bytes();

        assertRefused(tar, name, Reason.PARENT_SEGMENT);

        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void shouldRefuseAnEntryBelowASymlinkTheArchiveCreatesBeforeWritingEvenTheLink()
            throws Exception {
        byte[] tar =
                CraftedTar.posix()
                        .symlink("link", outside.toString())
                        .file("link/evil", "escaped")
                        .bytes();

        assertRefused(tar, "link/evil", Reason.THROUGH_SYMLINK);

        assertThat(outside.resolve("evil")).doesNotExist();
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void shouldRefuseAnEntryBelowASymlinkToTmpOutside() throws Exception {
        byte[] tar =
                CraftedTar.posix()
                        .symlink("link", "/tmp/outside")
                        .file("link/evil", "escaped")
                        .bytes();

        assertRefused(tar, "link/evil", Reason.THROUGH_SYMLINK);

        assertThat(Path.of("/tmp/outside/evil")).doesNotExist();
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void shouldRefuseADirectoryEntryOverASymlinkTheArchiveCreates() throws Exception {
        byte[] tar =
                CraftedTar.posix()
                        .symlink("d", outside.toString())
                        .dir("d")
                        .file("d/evil", "x")
                        .bytes();

        assertRefused(tar, "d/", Reason.THROUGH_SYMLINK);

        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void shouldRefuseToWriteThroughASymlinkThatAlreadyExistsInTheTarget() throws Exception {
        Files.createSymbolicLink(target.resolve("data"), outside);
        byte[] tar = CraftedTar.posix().file("data/evil", "escaped").bytes();

        assertRefused(tar, "data/evil", Reason.THROUGH_SYMLINK);

        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void shouldReplaceAnExistingSymlinkItselfInsteadOfWritingToWhereItPoints() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "untouched");
        Files.createSymbolicLink(target.resolve("victim"), secret);
        Manifest manifest =
                Archives.singleChunk(
                        store,
                        "safety/replace",
                        CraftedTar.posix().file("victim", "restored").bytes());

        ArchiveRestorer.restore(
                store, manifest, target, ConflictPolicy.OVERWRITE, RestoreListener.NONE);

        assertThat(secret).hasContent("untouched");
        assertThat(Files.isSymbolicLink(target.resolve("victim"))).isFalse();
        assertThat(target.resolve("victim")).hasContent("restored");
    }

    @Test
    void shouldRestoreSymlinksPointingOutsideAsLinksWithoutFollowingThem() throws Exception {
        Manifest manifest =
                Archives.singleChunk(
                        store,
                        "safety/links",
                        CraftedTar.posix().symlink("up", "../../outside/new").bytes());

        ArchiveRestorer.restore(store, manifest, target, ConflictPolicy.FAIL, RestoreListener.NONE);

        assertThat(Files.readSymbolicLink(target.resolve("up")))
                .isEqualTo(Path.of("../../outside/new"));
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void shouldRefuseHardLinksWithAClearMessage() throws Exception {
        byte[] tar = CraftedTar.posix().file("a", "content").hardLink("b", "a").bytes();

        UnsafeEntryException refused = assertRefused(tar, "b", Reason.UNSUPPORTED_TYPE);

        assertThat(refused).hasMessageContaining("hard link to 'a'");
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void shouldRefuseDevicesAndFifos() throws Exception {
        assertThat(
                        assertRefused(
                                CraftedTar.posix().special("tty", TarConstants.LF_CHR).bytes(),
                                "tty",
                                Reason.UNSUPPORTED_TYPE))
                .hasMessageContaining("character device");
        assertThat(
                        assertRefused(
                                CraftedTar.posix().special("sda", TarConstants.LF_BLK).bytes(),
                                "sda",
                                Reason.UNSUPPORTED_TYPE))
                .hasMessageContaining("block device");
        assertThat(
                        assertRefused(
                                CraftedTar.posix().special("pipe", TarConstants.LF_FIFO).bytes(),
                                "pipe",
                                Reason.UNSUPPORTED_TYPE))
                .hasMessageContaining("FIFO");
        assertThat(target).isEmptyDirectory();
    }

    /**
     * Restores {@code tar} and expects the named entry refused up front: no entry ever written (a
     * write later rolled back would leave the same tree, so the listener tells), nothing added
     * under work/ at all.
     */
    private UnsafeEntryException assertRefused(byte[] tar, String entryName, Reason reason)
            throws Exception {
        Manifest manifest =
                Archives.singleChunk(store, "safety/" + reason + "/" + entryName.hashCode(), tar);
        Set<Path> before = pathsUnder(temp.resolve("work"));
        List<Long> written = new ArrayList<>();

        Throwable thrown =
                catchThrowable(
                        () ->
                                ArchiveRestorer.restore(
                                        store,
                                        manifest,
                                        target,
                                        ConflictPolicy.OVERWRITE,
                                        (bytes, files) -> written.add(files)));

        assertThat(thrown).isInstanceOf(UnsafeEntryException.class);
        UnsafeEntryException unsafe = (UnsafeEntryException) thrown;
        assertThat(unsafe.entryName()).isEqualTo(entryName);
        assertThat(unsafe.reason()).isEqualTo(reason);
        assertThat(unsafe).hasMessageContaining(entryName);
        assertThat(pathsUnder(temp.resolve("work"))).isEqualTo(before);
        assertThat(written).as("entries written (and rolled back) before the refusal").isEmpty();
        return unsafe;
    }

    private static Set<Path> pathsUnder(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.collect(Collectors.toSet());
        }
    }
}
