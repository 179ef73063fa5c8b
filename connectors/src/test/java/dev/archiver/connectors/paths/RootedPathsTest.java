package dev.archiver.connectors.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootedPathsTest {

    @TempDir Path temp;

    private Path root;
    private Path elsewhere;
    private RootedPaths paths;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("root"));
        elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        paths = new RootedPaths("restore target", List.of(root));
    }

    @Test
    void shouldResolveAPathThatDoesNotExistYetThroughItsExistingAncestor() throws Exception {
        assertThat(paths.realPath(root.resolve("a/b/c")))
                .isEqualTo(root.toRealPath().resolve("a/b/c"));
    }

    @Test
    void shouldRefuseAMissingPathBelowALinkThatLeadsOutside() throws Exception {
        Files.createSymbolicLink(root.resolve("link"), elsewhere);

        assertThatThrownBy(() -> paths.realPath(root.resolve("link/new/dir")))
                .isInstanceOf(OutsideRootsException.class)
                .hasMessageContaining(elsewhere.toRealPath().toString());
        assertThatThrownBy(() -> paths.createDirectories(root.resolve("link/new/dir")))
                .isInstanceOf(OutsideRootsException.class);
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void shouldFollowALinkThatStaysInsideTheRoots() throws Exception {
        Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));

        assertThat(paths.createDirectories(root.resolve("alias/x")))
                .isEqualTo(root.toRealPath().resolve("real/x"));
        assertThat(root.resolve("real/x")).isDirectory();
    }

    @Test
    void shouldAcceptARootThatIsItselfALink() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(temp.resolve("linked-root"), root);
        RootedPaths linked = new RootedPaths("restore target", List.of(linkedRoot));

        assertThat(linked.realPath(linkedRoot.resolve("x")))
                .isEqualTo(root.toRealPath().resolve("x"));
    }

    @Test
    void shouldRefuseABrokenLinkRelativePathsAndDotDot() throws Exception {
        Files.createSymbolicLink(root.resolve("broken"), temp.resolve("nothing-here"));

        assertThatThrownBy(() -> paths.realPath(root.resolve("broken/x")))
                .isInstanceOf(OutsideRootsException.class)
                .hasMessageContaining("broken symbolic link");
        assertThatThrownBy(() -> paths.realPath(Path.of("relative")))
                .isInstanceOf(OutsideRootsException.class);
        assertThatThrownBy(() -> paths.realPath(root.resolve("../elsewhere")))
                .isInstanceOf(OutsideRootsException.class);
    }

    @Test
    void shouldNotWalkThroughADirectorySwappedForALinkAfterItWasOpened() throws Exception {
        Files.createDirectories(root.resolve("d"));
        try (DirectoryHandles handles = DirectoryHandles.open(root)) {
            Files.delete(root.resolve("d"));
            Files.createSymbolicLink(root.resolve("d"), elsewhere);

            assertThatThrownBy(() -> handles.directory(List.of("d")))
                    .isInstanceOf(LinkInTheWayException.class);
        }
        assertThatThrownBy(() -> DirectoryHandles.open(root.resolve("d")))
                .isInstanceOf(OutsideRootsException.class);
    }
}
