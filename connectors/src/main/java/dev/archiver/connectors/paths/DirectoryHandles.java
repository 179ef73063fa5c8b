package dev.archiver.connectors.paths;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Open handles on a directory tree, walked from its root one level at a time without following
 * links ({@code openat} with {@code O_NOFOLLOW}), so what is read, written or removed through them
 * lands in the directory that was walked, whatever is renamed or swapped for a link on the way
 * meanwhile. The handles of the last directory used and its ancestors stay open: a tree walked in
 * order opens each directory once.
 *
 * <p>Needs {@link SecureDirectoryStream}, which the JDK has on Linux and macOS. One thread at a
 * time.
 */
public final class DirectoryHandles implements Closeable {

    private final Path root;
    private final SecureDirectoryStream<Path> rootDir;
    private final List<String> openNames = new ArrayList<>();
    private final List<SecureDirectoryStream<Path>> openDirs = new ArrayList<>();

    private DirectoryHandles(Path root, SecureDirectoryStream<Path> rootDir) {
        this.root = root;
        this.rootDir = rootDir;
    }

    /**
     * Opens {@code root}, which must be a directory whose real path is itself (no link on its way).
     *
     * @throws OutsideRootsException it is a link, or leads through one
     */
    // The stream is not leaked: it becomes the root handle of what is returned (closed by close()),
    // or is closed
    // here when that fails; try-with-resources would close it on success too.
    @SuppressWarnings("StreamResourceLeak")
    public static DirectoryHandles open(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        DirectoryStream<Path> stream = Files.newDirectoryStream(absolute);
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            throw new UnsupportedOperationException(
                    "this platform has no SecureDirectoryStream, needed to walk "
                            + absolute
                            + " without following links");
        }
        try {
            // What was opened is the directory at the path now, not one a link led to on the way.
            BasicFileAttributes opened =
                    secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
            BasicFileAttributes atPath =
                    Files.readAttributes(
                            absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (atPath.isSymbolicLink()
                    || !Objects.equals(opened.fileKey(), atPath.fileKey())
                    || !absolute.toRealPath().equals(absolute)) {
                throw new OutsideRootsException(
                        absolute + " is, or leads through, a symbolic link");
            }
            return new DirectoryHandles(absolute, secure);
        } catch (IOException | RuntimeException e) {
            secure.close();
            throw e;
        }
    }

    public Path root() {
        return root;
    }

    /**
     * The directory {@code parts} below the root ({@code []} for the root itself), each level
     * opened without following links.
     *
     * @throws LinkInTheWayException one of them is a symbolic link
     * @throws NoSuchFileException one of them does not exist
     */
    public SecureDirectoryStream<Path> directory(List<String> parts) throws IOException {
        int common = 0;
        while (common < openNames.size()
                && common < parts.size()
                && openNames.get(common).equals(parts.get(common))) {
            common++;
        }
        closeFrom(common);
        for (int i = common; i < parts.size(); i++) {
            SecureDirectoryStream<Path> parent = i == 0 ? rootDir : openDirs.get(i - 1);
            openDirs.add(openChild(parent, parts.subList(0, i + 1)));
            openNames.add(parts.get(i));
        }
        return parts.isEmpty() ? rootDir : openDirs.get(parts.size() - 1);
    }

    /**
     * What is at {@code name} in the directory {@code parent} (link itself, not followed), or null
     * if nothing.
     */
    public BasicFileAttributes attributes(List<String> parent, String name) throws IOException {
        try {
            return directory(parent)
                    .getFileAttributeView(
                            Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        closeFrom(0);
        rootDir.close();
    }

    private SecureDirectoryStream<Path> openChild(
            SecureDirectoryStream<Path> parent, List<String> parts) throws IOException {
        Path name = Path.of(parts.get(parts.size() - 1));
        try {
            return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            BasicFileAttributes there =
                    parent.getFileAttributeView(
                                    name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
            if (there.isSymbolicLink()) {
                throw new LinkInTheWayException(String.join("/", parts));
            }
            throw e;
        }
    }

    private void closeFrom(int depth) throws IOException {
        IOException failure = null;
        while (openDirs.size() > depth) {
            openNames.remove(openNames.size() - 1);
            try {
                openDirs.remove(openDirs.size() - 1).close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
