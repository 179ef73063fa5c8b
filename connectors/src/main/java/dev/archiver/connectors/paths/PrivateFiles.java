package dev.archiver.connectors.paths;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * What the archiver keeps for itself (tier objects, the data directory, restore journals) is made
 * owner-only: an archive holds whatever the source held, and other local users must not read it
 * because the process umask was lax. Only what is created here gets these modes; existing
 * directories keep the modes their operator chose.
 */
public final class PrivateFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY =
            PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE =
            PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Makes the missing directories of {@code dir}, each 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        return POSIX
                ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY))
                : Files.createDirectories(dir);
    }

    /**
     * The attributes of a new owner-only (0600) file, for {@code Files.newByteChannel} and friends.
     */
    public static FileAttribute<?>[] fileAttributes() {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }
}
