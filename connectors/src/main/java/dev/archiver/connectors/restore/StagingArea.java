package dev.archiver.connectors.restore;

import dev.archiver.connectors.paths.FileIdentity;
import dev.archiver.connectors.paths.OutsideRootsException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A directory of the restore's own at the top of the target ({@code .restore-staging-<id>}, owner
 * only), where file contents are written while the archive is read and verified, under names of
 * their own ({@code 0}, {@code 1}, ...). Nothing reaches its final name before every chunk has
 * verified and every entry has passed its checks; then each staged file is renamed into place
 * ({@code renameat} from this directory's handle to the final directory's: same filesystem, no
 * copy). Reached through a handle opened without following links, like every other directory of the
 * target.
 *
 * <p>Its name is fixed per journal ({@link RestoreJournal#stagingName()}), so a restore run again
 * after a crash while it was staging finds what it staged and clears it. It enters the journal only
 * when the staged files start to move into place: a crash from then on leaves it recorded, and the
 * next attempt removes it.
 */
final class StagingArea implements Closeable {

    private static final Pattern NAME = Pattern.compile("\\.restore-staging-[0-9a-f]{16,64}");

    private final SecureDirectoryStream<Path> parent;
    private final Path path;
    private final Path name;
    private final SecureDirectoryStream<Path> dir;
    private long next;

    private StagingArea(
            SecureDirectoryStream<Path> parent,
            Path path,
            Path name,
            SecureDirectoryStream<Path> dir) {
        this.parent = parent;
        this.path = path;
        this.name = name;
        this.dir = dir;
    }

    /** True if {@code relative} (to the target) is named like a staging area. */
    static boolean isStagingName(String relative) {
        return NAME.matcher(relative).matches();
    }

    /**
     * Makes the staging directory {@code name} in the target {@code root} (whose handle is {@code
     * rootDir}), clearing one a crashed attempt left under that name.
     */
    static StagingArea create(SecureDirectoryStream<Path> rootDir, Path root, String name)
            throws IOException {
        if (!isStagingName(name)) {
            throw new IllegalArgumentException("not a staging directory name: " + name);
        }
        Path relative = Path.of(name);
        Path path = root.resolve(name);
        BasicFileAttributes there = attributes(rootDir, relative);
        if (there != null) {
            if (!there.isDirectory() || there.isSymbolicLink()) {
                throw new ConflictException(
                        path, "exists and is not a restore's staging directory");
            }
            removeDirectory(
                    rootDir, relative); // what a crashed attempt staged: ours, never visible
        }
        // Java has no mkdirat: made by path, then opened through the root's handle without
        // following links, so one a swap made elsewhere is never written into.
        Files.createDirectory(
                path,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        SecureDirectoryStream<Path> dir;
        try {
            dir = rootDir.newDirectoryStream(relative, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new OutsideRootsException(
                    "the target changed while it was restored: "
                            + path
                            + " is not the directory just made");
        }
        return new StagingArea(rootDir, path, relative, dir);
    }

    /** Removes a staging directory an earlier attempt left in {@code rootDir}, with its content. */
    static void removeDirectory(SecureDirectoryStream<Path> rootDir, Path relative)
            throws IOException {
        try (SecureDirectoryStream<Path> left =
                rootDir.newDirectoryStream(relative, LinkOption.NOFOLLOW_LINKS)) {
            clear(left);
        } catch (NoSuchFileException e) {
            return;
        }
        try {
            rootDir.deleteDirectory(relative);
        } catch (NoSuchFileException e) {
            // gone meanwhile
        }
    }

    Path path() {
        return path;
    }

    SecureDirectoryStream<Path> dir() {
        return dir;
    }

    /** A name not used yet in this directory. */
    Path newName() {
        return Path.of(Long.toString(next++));
    }

    /** What it is on disk now, for the journal. */
    FileIdentity identity() throws IOException {
        return FileIdentity.of(
                dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes());
    }

    /** Removes what is left in it (files the apply did not take), then the directory itself. */
    void remove() throws IOException {
        clear(dir);
        dir.close();
        try {
            parent.deleteDirectory(name);
        } catch (NoSuchFileException e) {
            // gone (the target moved away under a crash test, or removed by hand)
        }
    }

    @Override
    public void close() throws IOException {
        dir.close();
    }

    private static void clear(SecureDirectoryStream<Path> dir) throws IOException {
        List<Path> names = new ArrayList<>();
        try {
            for (Path entry : dir) {
                names.add(entry.getFileName());
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        for (Path entry : names) {
            try {
                dir.deleteFile(entry); // a staged file; a link itself, never followed
            } catch (NoSuchFileException e) {
                // gone meanwhile
            }
        }
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name)
            throws IOException {
        try {
            return dir.getFileAttributeView(
                            name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
