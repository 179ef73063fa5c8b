package dev.archiver.connectors.restore;

import dev.archiver.connectors.restore.TargetTree.Action;
import dev.archiver.connectors.restore.UnsafeEntryException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The second pass: writes entries into the target and records exactly what it created or replaced, in the
 * journal as each is in place, so a crash leaves a record of what a later attempt may replace and remove.
 * Files and symlinks are made under a temporary name in their final directory and renamed into place, so a
 * path never holds a half-written file. Every entry is checked again against the disk (the scan could not see
 * what the archive itself creates). Directory modes and mtimes are applied last, innermost first, since adding
 * children changes a directory's mtime and a read-only mode would stop them being added.
 */
final class TreeWriter {

    /**
     * Restored files belong to whoever runs the restore (owners are not archived), so setuid and setgid are
     * dropped: a setuid binary from an archive must not become a setuid-root binary. The sticky bit is kept.
     */
    static final int RESTORED_MODE_BITS = 01777;

    private static final int BUFFER = 128 * 1024;
    private static final long PROGRESS_EVERY_BYTES = 8L << 20;

    private record DirAttributes(int mode, long mtime) {
    }

    private final TargetTree tree;
    private final ConflictPolicy policy;
    private final RestoreListener listener;
    private final RestoreJournal journal;
    private final List<Path> written = new ArrayList<>();
    private final List<Path> created = new ArrayList<>();
    /**
     * Directories this restore created (in this attempt, or an earlier one when first met), in that order;
     * null attributes for parents no entry described.
     */
    private final Map<Path, DirAttributes> createdDirs = new LinkedHashMap<>();
    private long files;
    private long dirs;
    private long symlinks;
    private long bytes;
    private long skipped;
    private long lastReported;

    TreeWriter(TargetTree tree, ConflictPolicy policy, RestoreListener listener, RestoreJournal journal) {
        this.tree = tree;
        this.policy = policy;
        this.listener = listener;
        this.journal = journal;
    }

    /** Creates the target directory if it does not exist yet (its parent must). */
    void prepareTarget() throws IOException {
        if (TargetTree.existing(tree.root()) == TargetTree.Existing.NONE) {
            Files.createDirectory(tree.root());
            createdDir(tree.root(), null);
        }
    }

    void write(CheckedEntry entry, InputStream content) throws IOException {
        if (entry.name().isRoot()) {
            return;
        }
        createParents(entry.name());
        Action action = tree.decide(entry.kind(), entry.name(), policy);
        Path path = tree.resolve(entry.name());
        switch (entry.kind()) {
            case DIRECTORY -> directory(path, entry.header(), action);
            case FILE -> file(path, entry.header(), action, content);
            case SYMLINK -> symlink(path, entry.header(), action);
            default -> throw new IllegalStateException("unchecked entry " + entry); // CheckedEntry refuses OTHER
        }
    }

    /** Applies the modes and mtimes of the directories this restore created, innermost first. */
    void finish() throws IOException {
        List<Map.Entry<Path, DirAttributes>> dirsToFix = new ArrayList<>(createdDirs.entrySet());
        for (int i = dirsToFix.size() - 1; i >= 0; i--) {
            DirAttributes attributes = dirsToFix.get(i).getValue();
            if (attributes != null) {
                setMode(dirsToFix.get(i).getKey(), attributes.mode());
                setMtime(dirsToFix.get(i).getKey(), attributes.mtime());
            }
        }
    }

    /**
     * After a failure: removes what this restore created, in this attempt and earlier ones, so a failed restore
     * leaves the target as the first attempt found it. Files replaced under OVERWRITE keep the archive's
     * (verified) content: what they held before is gone.
     */
    void rollback(Throwable failure) {
        try {
            List<Path> ours = new ArrayList<>(created); // also what the journal could not take
            ours.addAll(journal.createdPaths());
            CleanupResult cleanup = RestoreCleaner.remove(ours, tree.root());
            journal.removed(cleanup.removed());
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    RestoreResult result() {
        return new RestoreResult(files, dirs, symlinks, bytes, skipped, written);
    }

    private void createParents(EntryName name) throws IOException {
        for (String ancestor : name.ancestors()) {
            Path path = tree.resolve(ancestor);
            switch (TargetTree.existing(path)) {
                case NONE -> {
                    Files.createDirectory(path); // fails rather than follows if a link appeared meanwhile
                    createdDir(path, null);
                }
                case DIRECTORY -> adoptEarlierDir(path);
                case SYMLINK -> throw new UnsafeEntryException(name.raw(), Reason.THROUGH_SYMLINK,
                        ancestor + " is a symlink");
                case OTHER -> throw new ConflictException(path, "exists and is not a directory, needed for "
                        + name.relative());
            }
        }
    }

    private void directory(Path path, TarReader.Header header, Action action) throws IOException {
        DirAttributes attributes = new DirAttributes(header.mode(), header.mtime());
        if (action == Action.CREATE) {
            Files.createDirectory(path);
            createdDir(path, attributes);
        } else {
            adoptEarlierDir(path);
            if (createdDirs.containsKey(path)) { // created earlier by this restore: the entry describes it
                createdDirs.put(path, attributes);
            } // a directory that was already there keeps its own mode and mtime
        }
        dirs++;
    }

    private void file(Path path, TarReader.Header header, Action action, InputStream content) throws IOException {
        if (action == Action.SKIP) {
            skipped++;
            return;
        }
        Path temp = Files.createTempFile(path.getParent(), ".restore-", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                copy(content, out);
            }
            setMode(temp, header.mode());
            setMtime(temp, header.mtime());
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces a file or link, never follows
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        record(path, action);
        files++;
        report();
    }

    private void symlink(Path path, TarReader.Header header, Action action) throws IOException {
        if (action == Action.SKIP) {
            skipped++;
            return;
        }
        Path temp = path.resolveSibling(".restore-" + UUID.randomUUID() + ".link");
        try {
            Files.createSymbolicLink(temp, Path.of(header.linkName())); // stored verbatim, never resolved
            setMtime(temp, header.mtime());
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        record(path, action);
        symlinks++;
        report();
    }

    private void copy(InputStream content, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = content.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            bytes += n;
            if (bytes - lastReported >= PROGRESS_EVERY_BYTES) {
                report();
            }
        }
    }

    private void report() {
        lastReported = bytes;
        listener.progress(bytes, files + symlinks);
    }

    /** Remembers before journaling, so a path the journal failed to take is still rolled back. */
    private void record(Path path, Action action) throws IOException {
        written.add(path);
        if (action == Action.CREATE) {
            created.add(path);
            journal.created(path);
        } else {
            journal.replaced(path);
        }
    }

    private void createdDir(Path path, DirAttributes attributes) throws IOException {
        createdDirs.put(path, attributes);
        written.add(path);
        created.add(path);
        journal.created(path);
    }

    /**
     * A directory an interrupted attempt created is treated as if this one had: the archive's mode and mtime
     * are applied to it at the end (the attempt may have died before doing so, and adding files changed them).
     */
    private void adoptEarlierDir(Path path) {
        if (!createdDirs.containsKey(path) && journal.fromEarlierAttempt(path)) {
            createdDirs.put(path, null);
        }
    }

    /** Uses the "unix" view where there is one, since the POSIX view cannot express the sticky bit. */
    private static void setMode(Path path, int mode) throws IOException {
        int bits = mode & RESTORED_MODE_BITS;
        try {
            Files.setAttribute(path, "unix:mode", bits, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission permission : PosixFilePermission.values()) {
                if ((bits & (0400 >> permission.ordinal())) != 0) {
                    permissions.add(permission);
                }
            }
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static void setMtime(Path path, long seconds) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(seconds, TimeUnit.SECONDS), null, null);
    }
}
