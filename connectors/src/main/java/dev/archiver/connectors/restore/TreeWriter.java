package dev.archiver.connectors.restore;

import dev.archiver.connectors.file.ModeBits;
import dev.archiver.connectors.paths.DirectoryHandles;
import dev.archiver.connectors.paths.FileIdentity;
import dev.archiver.connectors.paths.LinkInTheWayException;
import dev.archiver.connectors.paths.OutsideRootsException;
import dev.archiver.connectors.restore.RestoreJournal.Origin;
import dev.archiver.connectors.restore.TargetTree.Action;
import dev.archiver.connectors.restore.UnsafeEntryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Writes entries into the target and records exactly what it created or replaced, with the identity
 * of what it put there, in the journal as each is in place, so a crash leaves a record of what a
 * later attempt may replace and what expiry may remove.
 *
 * <p>File contents are written first, while the archive is read, into the restore's {@link
 * StagingArea} ({@link #stage}): owner-only, out of sight, with their mode and mtime. Only when
 * every chunk has verified does {@link #write} put entries in place, in archive order: directories
 * made, staged files renamed into their final directory ({@code renameat}, no copy), links made. So
 * a path never holds a half-written, unverified or readable-by-all file.
 *
 * <p>Every write goes through handles on the target's directories opened one level at a time
 * without following links ({@link DirectoryHandles}): a directory swapped for a link while the
 * restore runs is refused, not followed out of the target. Directories and links are made by path
 * (Java has no {@code mkdirat} or {@code symlinkat}) and then checked through the handle, so one
 * made elsewhere by a swap is never used. Directory modes and mtimes are applied last, innermost
 * first, since adding children changes a directory's mtime and a read-only mode would stop them
 * being added.
 */
final class TreeWriter {

    /**
     * Restored files belong to whoever runs the restore (owners are not archived), so setuid and
     * setgid are dropped: a setuid binary from an archive must not become a setuid-root binary. The
     * sticky bit is kept.
     */
    static final int RESTORED_MODE_BITS = 01777;

    private static final int STICKY = 01000;

    /** As large as a read-ahead block, so a block is written with one call. */
    private static final int BUFFER = 1 << 20;

    private static final long PROGRESS_EVERY_BYTES = 8L << 20;
    private static final Set<OpenOption> NEW_FILE =
            Set.of(
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");

    private record DirAttributes(int mode, long mtime) {}

    private final TargetTree tree;
    private final ConflictPolicy policy;
    private final RestoreListener listener;
    private final RestoreJournal journal;
    private final int umask;
    private DirectoryHandles handles;
    private final List<Path> written = new ArrayList<>();
    private final List<RestoreJournal.Entry> created = new ArrayList<>();

    /**
     * Directories this restore created (in this attempt, or an earlier one when first met), by
     * relative name, in that order; null attributes for parents no entry described.
     */
    private final Map<String, DirAttributes> createdDirs = new LinkedHashMap<>();

    /** One copy buffer for every staged file: a restore of many small files allocates it once. */
    private final byte[] buffer = new byte[BUFFER];

    private StagingArea staging;
    private long stagedBytes;
    private long stagedFiles;
    private long lastStagedReport;
    private long files;
    private long dirs;
    private long symlinks;
    private long bytes;
    private long skipped;

    TreeWriter(
            TargetTree tree,
            ConflictPolicy policy,
            RestoreListener listener,
            RestoreJournal journal,
            int umask) {
        this.tree = tree;
        this.policy = policy;
        this.listener = listener;
        this.journal = journal;
        this.umask = umask;
    }

    /** Creates the target directory if it does not exist yet (its parent must), and opens it. */
    void prepareTarget() throws IOException {
        boolean create = TargetTree.existing(tree.root()) == TargetTree.Existing.NONE;
        if (create) {
            Files.createDirectory(tree.root());
        }
        handles = DirectoryHandles.open(tree.root());
        if (create) {
            createdDir("", null);
        }
    }

    /**
     * Makes the staging area (after {@link #prepareTarget()}), clearing what a crashed attempt of
     * this restore staged there.
     */
    void openStaging() throws IOException {
        staging =
                StagingArea.create(
                        handles.directory(List.of()), tree.root(), journal.stagingName());
    }

    /**
     * Writes a file's content under a staging name, owner-only, with the archive's mode (masked)
     * and mtime; returns that name.
     */
    Path stage(TarReader.Header header, InputStream content) throws IOException {
        SecureDirectoryStream<Path> dir = staging.dir();
        Path name = staging.newName();
        try {
            try (SeekableByteChannel channel =
                    dir.newByteChannel(
                            name, NEW_FILE, PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                copy(content, Channels.newOutputStream(channel));
            }
            setMode(dir, name, header.mode());
            setMtime(dir, name, header.mtime());
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(dir, name, e);
            throw e;
        }
        stagedFiles++;
        reportStaged();
        return name;
    }

    /**
     * Every chunk verified: the staging area enters the journal (a crash from now on leaves it
     * recorded, for the next attempt to remove), and staging areas earlier attempts left recorded
     * are removed.
     */
    void beginApply() throws IOException {
        journal.created(staging.path(), staging.identity());
        SecureDirectoryStream<Path> rootDir = handles.directory(List.of());
        for (RestoreJournal.Entry earlier : journal.created()) {
            String relative = earlier.relative();
            if (StagingArea.isStagingName(relative)
                    && !relative.equals(journal.stagingName())
                    && journal.fromEarlierAttempt(tree.resolve(relative))) {
                StagingArea.removeDirectory(rootDir, Path.of(relative));
                journal.removed(List.of(tree.resolve(relative)));
            }
        }
    }

    /**
     * Removes the staging area with whatever is left in it (files not taken: skipped, or a failure
     * before their turn), and its journal record if it has one.
     */
    void removeStaging() throws IOException {
        if (staging == null) {
            return;
        }
        StagingArea area = staging;
        staging = null;
        area.remove();
        journal.removed(List.of(area.path()));
    }

    /**
     * Puts an entry in place; {@code staged} is the staging name of a file's content, null if it
     * was not staged (left under SKIP when it was read).
     */
    void write(CheckedEntry entry, Path staged) throws IOException {
        if (entry.name().isRoot()) {
            return;
        }
        createParents(entry.name());
        Action action = tree.decide(entry.kind(), entry.name(), policy);
        switch (entry.kind()) {
            case DIRECTORY -> directory(entry.name(), entry.header(), action);
            case FILE -> file(entry.name(), entry.header(), action, staged);
            case SYMLINK -> symlink(entry.name(), entry.header(), action);
            default ->
                    throw new IllegalStateException(
                            "unchecked entry " + entry); // CheckedEntry refuses OTHER
        }
    }

    /** Applies the modes and mtimes of the directories this restore created, innermost first. */
    void finish() throws IOException {
        List<Map.Entry<String, DirAttributes>> dirsToFix = new ArrayList<>(createdDirs.entrySet());
        for (int i = dirsToFix.size() - 1; i >= 0; i--) {
            DirAttributes attributes = dirsToFix.get(i).getValue();
            String relative = dirsToFix.get(i).getKey();
            if (attributes != null && !relative.isEmpty()) {
                List<String> parts = List.of(relative.split("/"));
                SecureDirectoryStream<Path> parent = handles.directory(parent(parts));
                Path name = Path.of(last(parts));
                setMode(parent, name, attributes.mode());
                if ((attributes.mode() & STICKY)
                        != 0) { // the POSIX view cannot say "sticky"; by path, link not followed
                    Files.setAttribute(
                            tree.resolve(relative),
                            "unix:mode",
                            mode(attributes.mode()),
                            LinkOption.NOFOLLOW_LINKS);
                }
                setMtime(parent, name, attributes.mtime());
            }
        }
    }

    /**
     * After a failure: removes what this restore created, in this attempt and earlier ones, so a
     * failed restore leaves the target as the first attempt found it. Files replaced under
     * OVERWRITE keep the archive's (verified) content: what they held before is gone.
     */
    void rollback(Throwable failure) {
        try {
            removeStaging();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            if (handles != null) {
                handles.close();
            }
            List<RestoreJournal.Entry> ours =
                    new ArrayList<>(created); // also what the journal could not take
            ours.addAll(journal.created());
            CleanupResult cleanup = RestoreCleaner.remove(tree.root(), ours);
            journal.removed(cleanup.removed());
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * After a failure before anything was put in place (a refusal, or a chunk that failed its
     * hash): removes the staging area, and the target if this attempt made it. What earlier
     * attempts put there is left as it is, as is their record in the journal.
     */
    void discardStaged(Throwable failure) {
        try {
            removeStaging();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            if (handles != null) {
                handles.close();
            }
            CleanupResult cleanup = RestoreCleaner.remove(tree.root(), created);
            journal.removed(cleanup.removed());
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    void close() throws IOException {
        if (staging != null) {
            staging.close();
        }
        if (handles != null) {
            handles.close();
        }
    }

    RestoreResult result() {
        return new RestoreResult(files, dirs, symlinks, bytes, skipped, written, created);
    }

    private void createParents(EntryName name) throws IOException {
        List<String> segments = name.segments();
        for (int i = 1; i < segments.size(); i++) {
            List<String> parts = segments.subList(0, i);
            BasicFileAttributes there = attributes(name, parts);
            if (there == null) {
                makeDirectory(parts);
                createdDir(String.join("/", parts), null);
            } else if (there.isSymbolicLink()) {
                throw new UnsafeEntryException(
                        name.raw(),
                        Reason.THROUGH_SYMLINK,
                        String.join("/", parts) + " is a symlink");
            } else if (!there.isDirectory()) {
                throw new ConflictException(
                        tree.resolve(String.join("/", parts)),
                        "exists and is not a directory, needed for " + name.relative());
            } else {
                adoptEarlierDir(String.join("/", parts));
            }
        }
    }

    private void directory(EntryName name, TarReader.Header header, Action action)
            throws IOException {
        DirAttributes attributes = new DirAttributes(header.mode(), header.mtime());
        if (action == Action.CREATE) {
            makeDirectory(name.segments());
            createdDir(name.relative(), attributes);
        } else {
            adoptEarlierDir(name.relative());
            if (createdDirs.containsKey(
                    name.relative())) { // created earlier by this restore: the entry describes it
                createdDirs.put(name.relative(), attributes);
            } // a directory that was already there keeps its own mode and mtime
        }
        dirs++;
    }

    private void file(EntryName name, TarReader.Header header, Action action, Path staged)
            throws IOException {
        if (action == Action.SKIP || staged == null) {
            // Left under SKIP now, or when it was read: what is there stays (a staged copy is
            // removed with the staging area).
            skipped++;
            return;
        }
        SecureDirectoryStream<Path> dir = directoryOf(name);
        // renameat(2) from the staging directory's handle to the final one's: replaces a file or
        // link, never follows
        staging.dir().move(staged, dir, Path.of(last(name.segments())));
        record(name, action);
        files++;
        bytes += header.size();
        report();
    }

    private void symlink(EntryName name, TarReader.Header header, Action action)
            throws IOException {
        if (action == Action.SKIP) {
            skipped++;
            return;
        }
        SecureDirectoryStream<Path> dir = directoryOf(name);
        Path temp = Path.of(".restore-" + UUID.randomUUID() + ".link");
        Path tempByPath = tree.resolve(name.relative()).resolveSibling(temp);
        try {
            Files.createSymbolicLink(
                    tempByPath, Path.of(header.linkName())); // stored verbatim, never resolved
            BasicFileAttributes made =
                    dir.getFileAttributeView(
                                    temp, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
            if (!made.isSymbolicLink()) {
                throw new IOException(
                        "the target changed while it was restored: "
                                + tempByPath
                                + " is not the link just made");
            }
            Files.getFileAttributeView(
                            tempByPath, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(header.mtime(), TimeUnit.SECONDS), null, null);
            dir.move(temp, dir, Path.of(last(name.segments())));
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(dir, temp, e);
            throw e;
        }
        record(name, action);
        symlinks++;
        report();
    }

    /**
     * Makes a directory by path, then checks through the parent's handle that it is there, a
     * directory: made elsewhere by a swap on the way, it is never written into.
     */
    private void makeDirectory(List<String> parts) throws IOException {
        Path path = tree.resolve(String.join("/", parts));
        Files.createDirectory(path);
        BasicFileAttributes made = handles.attributes(parent(parts), last(parts));
        if (made == null || !made.isDirectory() || made.isSymbolicLink()) {
            throw new OutsideRootsException(
                    "the target changed while it was restored: "
                            + path
                            + " was not made inside the target");
        }
    }

    private BasicFileAttributes attributes(EntryName name, List<String> parts) throws IOException {
        try {
            return handles.attributes(parent(parts), last(parts));
        } catch (LinkInTheWayException e) {
            throw new UnsafeEntryException(
                    name.raw(), Reason.THROUGH_SYMLINK, e.relative() + " is a symlink");
        }
    }

    private SecureDirectoryStream<Path> directoryOf(EntryName name) throws IOException {
        try {
            return handles.directory(parent(name.segments()));
        } catch (LinkInTheWayException e) {
            throw new UnsafeEntryException(
                    name.raw(), Reason.THROUGH_SYMLINK, e.relative() + " is a symlink");
        }
    }

    private void copy(InputStream content, OutputStream out) throws IOException {
        for (int n; (n = content.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            stagedBytes += n;
            if (stagedBytes - lastStagedReport >= PROGRESS_EVERY_BYTES) {
                reportStaged();
            }
        }
    }

    private void reportStaged() {
        lastStagedReport = stagedBytes;
        listener.staged(stagedBytes, stagedFiles);
    }

    private void report() {
        listener.progress(bytes, files + symlinks);
    }

    /** Remembers before journaling, so a path the journal failed to take is still rolled back. */
    private void record(EntryName name, Action action) throws IOException {
        Path path = tree.resolve(name.relative());
        FileIdentity identity = identity(name.segments());
        written.add(path);
        if (action == Action.CREATE) {
            created.add(new RestoreJournal.Entry(name.relative(), Origin.CREATED, identity));
            journal.created(path, identity);
        } else {
            journal.replaced(path, identity);
        }
    }

    private void createdDir(String relative, DirAttributes attributes) throws IOException {
        Path path = tree.resolve(relative);
        FileIdentity identity =
                identity(relative.isEmpty() ? List.of() : List.of(relative.split("/")));
        createdDirs.put(relative, attributes);
        written.add(path);
        created.add(new RestoreJournal.Entry(relative, Origin.CREATED, identity));
        journal.created(path, identity);
    }

    private FileIdentity identity(List<String> parts) throws IOException {
        BasicFileAttributes attributes =
                parts.isEmpty()
                        ? handles.directory(List.of())
                                .getFileAttributeView(BasicFileAttributeView.class)
                                .readAttributes()
                        : handles.attributes(parent(parts), last(parts));
        if (attributes == null) {
            throw new NoSuchFileException(
                    tree.resolve(String.join("/", parts)).toString(),
                    null,
                    "gone right after it was restored");
        }
        return FileIdentity.of(attributes);
    }

    /**
     * A directory an interrupted attempt created is treated as if this one had: the archive's mode
     * and mtime are applied to it at the end (the attempt may have died before doing so, and adding
     * files changed them).
     */
    private void adoptEarlierDir(String relative) {
        if (!createdDirs.containsKey(relative)
                && journal.fromEarlierAttempt(tree.resolve(relative))) {
            createdDirs.put(relative, null);
        }
    }

    private int mode(int archived) {
        return archived & RESTORED_MODE_BITS & ~umask;
    }

    private void setMode(SecureDirectoryStream<Path> dir, Path name, int archived)
            throws IOException {
        int bits = mode(archived);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((bits & ModeBits.of(permission)) != 0) {
                permissions.add(permission);
            }
        }
        dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setPermissions(permissions);
    }

    private static void setMtime(SecureDirectoryStream<Path> dir, Path name, long seconds)
            throws IOException {
        dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(seconds, TimeUnit.SECONDS), null, null);
    }

    private static void deleteQuietly(
            SecureDirectoryStream<Path> dir, Path name, Throwable failure) {
        try {
            dir.deleteFile(name);
        } catch (NoSuchFileException e) {
            // never made
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static List<String> parent(List<String> parts) {
        return parts.subList(0, parts.size() - 1);
    }

    private static String last(List<String> parts) {
        return parts.get(parts.size() - 1);
    }
}
