package dev.archiver.connectors.restore;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Removes a restored copy (when its TTL expires, or after a failed restore): exactly the paths the restore
 * wrote, never anything else. Directories go only if empty, so anything added to them since survives.
 * A listed path outside the target, or one that can only be reached through a symlink now, is left alone.
 * A listed path is removed whatever it is now (file or link), since the list does not record types.
 */
public final class RestoreCleaner {

    private RestoreCleaner() {
    }

    public static CleanupResult remove(RestoreResult result, Path target) throws IOException {
        return remove(result.written(), target);
    }

    public static CleanupResult remove(List<Path> written, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        // Deepest first: a directory's contents go before it, and a path below a directory that has since
        // become a symlink is seen (and left alone) before that symlink is.
        List<Path> paths = written.stream().map(path -> path.toAbsolutePath().normalize()).distinct()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
        List<Path> removed = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        for (Path path : paths) {
            TargetTree.Existing existing = TargetTree.existing(path);
            if (existing == TargetTree.Existing.NONE) {
                continue;
            }
            if (!path.startsWith(root) || throughSymlink(root, path)) {
                kept.add(path);
            } else if (existing == TargetTree.Existing.DIRECTORY) {
                try {
                    Files.delete(path);
                    removed.add(path);
                } catch (DirectoryNotEmptyException e) {
                    kept.add(path); // someone put something there since: theirs
                }
            } else if (Files.deleteIfExists(path)) { // deletes a link itself, never its target
                removed.add(path);
            }
        }
        return new CleanupResult(removed, kept);
    }

    /** True if a directory between the target and {@code path} is a symlink: deleting there would escape. */
    private static boolean throughSymlink(Path root, Path path) throws IOException {
        for (Path dir = path.getParent(); dir != null && dir.startsWith(root) && !dir.equals(root);
             dir = dir.getParent()) {
            if (TargetTree.existing(dir) == TargetTree.Existing.SYMLINK) {
                return true;
            }
        }
        return false;
    }
}
