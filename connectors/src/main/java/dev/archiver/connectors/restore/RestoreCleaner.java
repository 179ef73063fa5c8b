package dev.archiver.connectors.restore;

import dev.archiver.connectors.paths.DirectoryHandles;
import dev.archiver.connectors.paths.FileIdentity;
import dev.archiver.connectors.paths.LinkInTheWayException;
import dev.archiver.connectors.paths.OutsideRootsException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Removes a restored copy (when its TTL expires, or after a failed restore): only what the restore
 * created where nothing was before, and only while it is still what the restore put there: same
 * file key, size and mtime ({@link FileIdentity}). A file the operator replaced or edited since,
 * one that was there before the restore (replaced under OVERWRITE), and a directory someone added
 * to are left. Everything is reached through handles opened without following links ({@link
 * DirectoryHandles}), so a directory swapped for a link since is never walked through, and nothing
 * outside the target is touched.
 *
 * <p>Known limit: a file replaced in the instant between its identity check and its removal is
 * removed; there is no "unlink if still this inode" call to close that window.
 */
public final class RestoreCleaner {

    private RestoreCleaner() {}

    public static CleanupResult remove(RestoreResult result, Path target) throws IOException {
        return remove(target, result.created());
    }

    /** Removes the {@code created} entries of a restore into {@code target}, deepest first. */
    public static CleanupResult remove(Path target, List<RestoreJournal.Entry> created)
            throws IOException {
        Path root = target.toAbsolutePath().normalize();
        List<Path> removed = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        if (TargetTree.existing(root) == TargetTree.Existing.NONE) {
            return new CleanupResult(removed, kept);
        }
        List<RestoreJournal.Entry> deepestFirst =
                created.stream()
                        .distinct()
                        .sorted(
                                Comparator.comparingInt(
                                                (RestoreJournal.Entry entry) ->
                                                        depth(entry.relative()))
                                        .reversed())
                        .toList();
        RestoreJournal.Entry rootEntry = null;
        try (DirectoryHandles handles = DirectoryHandles.open(root)) {
            for (RestoreJournal.Entry entry : deepestFirst) {
                if (entry.relative().isEmpty()) {
                    rootEntry = entry;
                    continue;
                }
                removeOne(handles, root, entry, removed, kept);
            }
        } catch (OutsideRootsException e) {
            created.forEach(entry -> kept.add(root.resolve(entry.relative())));
            return new CleanupResult(removed, kept);
        }
        if (rootEntry != null) {
            removeTarget(root, rootEntry, removed, kept);
        }
        return new CleanupResult(removed, kept);
    }

    private static void removeOne(
            DirectoryHandles handles,
            Path root,
            RestoreJournal.Entry entry,
            List<Path> removed,
            List<Path> kept)
            throws IOException {
        Path path = root.resolve(entry.relative());
        List<String> parts;
        try {
            parts = EntryName.parse(entry.relative()).segments();
        } catch (UnsafeEntryException e) {
            kept.add(
                    path); // cannot come from a journal, which refuses such names; kept as the last
            // line of defence
            return;
        }
        List<String> parent = parts.subList(0, parts.size() - 1);
        Path name = Path.of(parts.get(parts.size() - 1));
        BasicFileAttributes there;
        try {
            there = handles.attributes(parent, name.toString());
        } catch (LinkInTheWayException | NoSuchFileException e) {
            kept.add(path); // below a directory that is a link now, or gone
            return;
        }
        if (there == null) {
            return;
        }
        if (entry.identity() == null || !entry.identity().equals(FileIdentity.of(there))) {
            kept.add(path); // not what the restore put there, or a record too old to tell
            return;
        }
        SecureDirectoryStream<Path> dir = handles.directory(parent);
        try {
            if (there.isDirectory()) {
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name); // a link itself, never its target
            }
            removed.add(path);
        } catch (DirectoryNotEmptyException e) {
            kept.add(path); // someone put something there since: theirs
        } catch (NoSuchFileException e) {
            // gone meanwhile
        }
    }

    /**
     * The target itself, if the restore made it: by path (its parent is not ours to hold), checked
     * first.
     */
    private static void removeTarget(
            Path root, RestoreJournal.Entry entry, List<Path> removed, List<Path> kept)
            throws IOException {
        BasicFileAttributes there;
        try {
            there =
                    Files.readAttributes(
                            root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (entry.identity() == null || !entry.identity().equals(FileIdentity.of(there))) {
            kept.add(root);
            return;
        }
        try {
            Files.delete(root);
            removed.add(root);
        } catch (DirectoryNotEmptyException e) {
            kept.add(root);
        }
    }

    private static int depth(String relative) {
        return relative.isEmpty() ? 0 : relative.split("/").length;
    }
}
