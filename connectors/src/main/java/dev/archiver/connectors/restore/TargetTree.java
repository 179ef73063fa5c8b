package dev.archiver.connectors.restore;

import dev.archiver.connectors.restore.UnsafeEntryException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The restore target as seen by both passes: maps entry names to paths inside it and decides, from
 * what is on disk (never following symlinks), whether an entry may be written and how.
 */
final class TargetTree {

    enum Existing {
        NONE,
        DIRECTORY,
        SYMLINK,
        /** A regular file or anything else that is neither a directory nor a symlink. */
        OTHER
    }

    enum Action {
        /** Nothing there: create it. */
        CREATE,
        /**
         * A file or symlink there, policy OVERWRITE or put there by an earlier attempt: replace it.
         */
        REPLACE,
        /** Something there, policy SKIP: leave it. */
        SKIP,
        /** A directory entry over an existing directory: restore into it. */
        MERGE
    }

    private final Path root;
    private final RestoreJournal journal;

    TargetTree(Path root, RestoreJournal journal) {
        this.root = root;
        this.journal = journal;
    }

    Path root() {
        return root;
    }

    Path resolve(EntryName name) throws UnsafeEntryException {
        Path path = root.resolve(name.relative()).normalize();
        if (!path.startsWith(
                root)) { // cannot happen after EntryName.parse; kept as the last line of defence
            throw new UnsafeEntryException(
                    name.raw(), Reason.PARENT_SEGMENT, "resolves outside the target");
        }
        return path;
    }

    Path resolve(String relative) {
        return root.resolve(relative);
    }

    /**
     * Refuses the entry if any of its directories that exist inside the target is a symlink
     * (writing there would land wherever the link points) or not a directory at all. Directories
     * that do not exist yet are fine: the restore creates them.
     */
    void requireRealAncestors(EntryName name) throws IOException {
        for (String ancestor : name.ancestors()) {
            Path path = resolve(ancestor);
            switch (existing(path)) {
                case NONE -> {
                    return; // nothing below a missing directory exists either
                }
                case DIRECTORY -> {}
                case SYMLINK ->
                        throw new UnsafeEntryException(
                                name.raw(),
                                Reason.THROUGH_SYMLINK,
                                ancestor + " is a symlink in the target");
                case OTHER ->
                        throw new ConflictException(
                                path,
                                "exists and is not a directory, needed for " + name.relative());
            }
        }
    }

    /** What to do with an entry of {@code kind} at {@code name}, given what exists there now. */
    Action decide(TarReader.Kind kind, EntryName name, ConflictPolicy policy) throws IOException {
        Path path = resolve(name);
        Existing existing = existing(path);
        if (kind == TarReader.Kind.DIRECTORY) {
            return switch (existing) {
                case NONE -> Action.CREATE;
                case DIRECTORY -> Action.MERGE;
                case SYMLINK ->
                        throw new UnsafeEntryException(
                                name.raw(),
                                Reason.THROUGH_SYMLINK,
                                "a symlink exists where the archive has a directory");
                case OTHER -> throw new ConflictException(path, "exists and is not a directory");
            };
        }
        if (existing == Existing.NONE) {
            return Action.CREATE;
        }
        if (existing != Existing.DIRECTORY && journal.fromEarlierAttempt(path)) {
            // Its journal says an interrupted attempt of this restore put it there: not someone
            // else's file, so
            // no policy protects it. Earlier attempts only: an archive naming a path twice is still
            // a conflict.
            return Action.REPLACE;
        }
        return switch (policy) {
            case SKIP -> Action.SKIP;
            case FAIL -> throw new ConflictException(path, "already exists (conflict policy FAIL)");
            case OVERWRITE -> {
                if (existing == Existing.DIRECTORY) {
                    throw new ConflictException(
                            path, "is a directory; OVERWRITE replaces files and links only");
                }
                yield Action.REPLACE;
            }
        };
    }

    static Existing existing(Path path) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs =
                    Files.readAttributes(
                            path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Existing.NONE;
        }
        if (attrs.isSymbolicLink()) {
            return Existing.SYMLINK;
        }
        return attrs.isDirectory() ? Existing.DIRECTORY : Existing.OTHER;
    }
}
