package dev.archiver.connectors.paths;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for where the archiver may read and write on local disks: a path is judged by where
 * it really leads. Its deepest existing ancestor is resolved with every symbolic link followed
 * ({@code toRealPath}), the rest is appended, and the result must lie inside the real path of a
 * root. So a link anywhere on the way, also on a part that does not exist yet, cannot lead outside,
 * and a root that is itself a link works.
 *
 * <p>The answer is only as old as the check: callers resolve again right before acting, and act on
 * the real path they got, never on the one they were given. Missing directories are made one level
 * at a time, each checked to be a real directory at the expected place before the next is made
 * below it.
 */
public final class RootedPaths {

    private final String what;
    private final List<Path> roots;

    /**
     * @param what what the paths are for, in messages ("restore target", "source")
     * @param roots the configured roots, absolute; one that does not exist yet counts where it
     *     would be made
     */
    public RootedPaths(String what, List<Path> roots) {
        this.what = what;
        this.roots = roots.stream().map(root -> root.toAbsolutePath().normalize()).toList();
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * Where {@code path} really leads, checked against the roots.
     *
     * @throws OutsideRootsException it leads outside every root, through a broken link, or is
     *     relative or names '..'
     * @throws IOException the disk could not be read
     */
    public Path realPath(Path path) throws IOException {
        Path real = resolve(requireAbsolute(path));
        for (Path root : realRoots()) {
            if (real.startsWith(root)) {
                return real;
            }
        }
        throw new OutsideRootsException(
                what + " " + path + " leads to " + real + ", outside the allowed roots " + roots);
    }

    /**
     * Makes every missing directory of {@code path}, one level at a time without following links,
     * and returns its real path, a directory inside the roots.
     *
     * @throws OutsideRootsException it leads outside the roots, or a link appeared on the way while
     *     it was made
     */
    public Path createDirectories(Path path) throws IOException {
        Path real = realPath(path);
        Path existing = real;
        List<Path> missing = new ArrayList<>();
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.add(0, existing);
            existing = existing.getParent();
        }
        requireRealDirectory(existing);
        for (Path dir : missing) {
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // made meanwhile by someone else: fine if it is a real directory, checked below
            }
            requireRealDirectory(dir);
        }
        return real;
    }

    /**
     * A directory (not a link to one) whose real path is {@code dir} itself: no link anywhere on
     * its way.
     */
    private void requireRealDirectory(Path dir) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new OutsideRootsException(
                    what + " " + dir + " became a symbolic link while it was checked");
        }
        if (!attributes.isDirectory()) {
            throw new IOException(what + " " + dir + " exists and is not a directory");
        }
        if (!dir.toRealPath().equals(dir)) {
            throw new OutsideRootsException(
                    what + " " + dir + " now leads through a symbolic link to " + dir.toRealPath());
        }
    }

    private Path requireAbsolute(Path path) throws OutsideRootsException {
        if (!path.isAbsolute()) {
            throw new OutsideRootsException(what + " " + path + " is relative");
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw new OutsideRootsException(what + " " + path + " contains '..'");
            }
        }
        return path.normalize();
    }

    /**
     * The real path of the deepest existing ancestor of {@code absolute}, with the rest appended.
     */
    private Path resolve(Path absolute) throws IOException {
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new OutsideRootsException(what + " " + absolute + " has no existing ancestor");
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (NoSuchFileException e) {
            throw new OutsideRootsException(
                    what + " " + absolute + " leads through a broken symbolic link at " + existing);
        }
    }

    /** A root not made yet is where it would be made, resolved the same way. */
    private List<Path> realRoots() throws IOException {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(resolve(root));
            } catch (OutsideRootsException e) {
                // a root below a broken link holds nothing
            }
        }
        return real;
    }
}
