package dev.archiver.connectors.file;

import dev.archiver.connectors.file.SourceReadException.Reason;
import dev.archiver.connectors.paths.DirectoryHandles;
import dev.archiver.connectors.paths.FileIdentity;
import dev.archiver.connectors.paths.LinkInTheWayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lists a directory tree (metadata only, never file contents, never following symlinks) and lays it
 * out as one deterministic tar stream cut into byte ranges. The root directory itself is not an
 * entry: paths are relative to it, so {@code tar -x -C target} restores the tree's contents into
 * {@code target}.
 *
 * <p>Entries are placed and handed to a {@link PlanSink} as the walk reaches them: what is held is
 * the sorted listing of the directory being walked and the siblings still to come of its ancestors,
 * not the tree. The paged form keeps it that way to the tier ({@link PagedPlanWriter}); {@link
 * #plan(Path, long)} collects everything into one {@link TarPlan} for small trees and tests.
 */
public final class FileTreePlanner {

    /** A directory's child with its sort key computed once. */
    @SuppressWarnings(
            "ArrayRecordComponent") // only ever compared by BY_NAME_BYTES, never by equals or
    // hashCode
    private record Child(Path path, byte[] name) {}

    // Depth-first with siblings in UTF-8 byte order: a directory precedes its contents, and the
    // order does
    // not depend on the JVM's locale or on String's UTF-16 ordering.
    private static final Comparator<Child> BY_NAME_BYTES =
            (a, b) -> Arrays.compareUnsigned(a.name(), b.name());

    /** The real root walked and the stream's length, once every entry has been placed. */
    private record Walked(String root, long streamLength) {}

    /** Gives each entry its offsets in the stream as the walk emits it. */
    private static final class Placer {
        private final PlanSink sink;
        private long offset;

        Placer(PlanSink sink) {
            this.sink = sink;
        }

        void place(TarEntry unplaced) throws IOException {
            long dataOffset = offset + TarHeaders.encode(unplaced).length;
            TarEntry placed = unplaced.placedAt(offset, dataOffset);
            offset = placed.nextOffset();
            sink.entry(placed);
        }

        void skip(String path) throws IOException {
            sink.skipped(path);
        }
    }

    private FileTreePlanner() {}

    /** The whole plan in memory: for small trees, tests and tools. */
    public static TarPlan plan(Path root, long chunkSize) throws IOException {
        List<TarEntry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Walked walked =
                walk(
                        root,
                        chunkSize,
                        new PlanSink() {
                            @Override
                            public void entry(TarEntry placed) {
                                entries.add(placed);
                            }

                            @Override
                            public void skipped(String path) {
                                skipped.add(path);
                            }
                        });
        return new TarPlan(
                TarPlan.FORMAT_VERSION,
                walked.root(),
                chunkSize,
                walked.streamLength(),
                entries,
                cut(walked.streamLength(), chunkSize),
                skipped);
    }

    /**
     * The plan stored page by page through {@code pages} while the tree is walked; returns its
     * index, which the caller stores last.
     */
    public static PlanIndex plan(Path root, long chunkSize, PagedPlanWriter pages)
            throws IOException {
        Walked walked = walk(root, chunkSize, pages);
        return pages.finish(walked.root(), chunkSize, walked.streamLength());
    }

    private static Walked walk(Path root, long chunkSize, PlanSink sink) throws IOException {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        if (!Files.isDirectory(
                root)) { // the root may itself be a symlink to a directory: the operator named it
            throw new SourceReadException(
                    Files.exists(root, LinkOption.NOFOLLOW_LINKS)
                            ? Reason.SOURCE_UNREADABLE
                            : Reason.SOURCE_NOT_FOUND,
                    "",
                    "root is not a directory: " + root);
        }
        // Planned, and read later, below the real root through handles that never follow a link: a
        // directory
        // swapped for a link meanwhile is not listed or read through.
        Path realRoot = root.toRealPath();
        Placer placer = new Placer(sink);
        try (DirectoryHandles handles = DirectoryHandles.open(realRoot)) {
            walk(handles, List.of(), placer);
        }
        return new Walked(realRoot.toString(), placer.offset + TarHeaders.END_OF_ARCHIVE);
    }

    static List<ByteRange> cut(long streamLength, long chunkSize) {
        List<ByteRange> chunks = new ArrayList<>();
        for (long start = 0; start < streamLength; start += chunkSize) {
            chunks.add(
                    new ByteRange(chunks.size(), start, Math.min(start + chunkSize, streamLength)));
        }
        return chunks;
    }

    private static void walk(DirectoryHandles handles, List<String> dirParts, Placer out)
            throws IOException {
        String relativeDir = String.join("/", dirParts);
        List<Child> children = new ArrayList<>();
        try {
            for (Path child : handles.directory(dirParts)) {
                String name = child.getFileName().toString();
                if (!Path.of(name).equals(child.getFileName())) {
                    // Its bytes are not UTF-8: Java would read and store another name, so a restore
                    // would not
                    // give it back. Refused loudly rather than archived wrong or left out quietly.
                    throw new SourceReadException(
                            Reason.SOURCE_UNREADABLE,
                            relativeDir.isEmpty() ? name : relativeDir + "/" + name,
                            "file name is not valid UTF-8; rename it to archive this tree");
                }
                children.add(new Child(child, name.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (LinkInTheWayException e) {
            throw new SourceReadException(
                    Reason.SOURCE_CHANGED, relativeDir, "became a symbolic link while planning", e);
        } catch (IOException | DirectoryIteratorException e) {
            throw SourceReadException.classify(
                    relativeDir,
                    e instanceof DirectoryIteratorException d ? d.getCause() : (IOException) e);
        }
        children.sort(BY_NAME_BYTES);
        for (Child sorted : children) {
            String name = sorted.path().getFileName().toString();
            List<String> parts = new ArrayList<>(dirParts);
            parts.add(name);
            String relative = String.join("/", parts);
            TarEntry entry =
                    describe(handles, dirParts, name, handles.root().resolve(relative), relative);
            if (entry == null) {
                out.skip(relative);
                continue;
            }
            out.place(entry);
            if (entry.type() == EntryType.DIRECTORY) {
                walk(handles, parts, out);
            }
        }
    }

    /** The entry for one path, or null for types a tar of a run does not keep. */
    private static TarEntry describe(
            DirectoryHandles handles,
            List<String> dirParts,
            String name,
            Path path,
            String relative)
            throws IOException {
        try {
            BasicFileAttributes attrs = handles.attributes(dirParts, name);
            if (attrs == null) {
                throw new NoSuchFileException(relative);
            }
            int mode = mode(path);
            long mtime = mtimeSeconds(attrs);
            if (attrs.isDirectory()) {
                return TarEntry.unplaced(relative, EntryType.DIRECTORY, 0, mode, mtime, null);
            }
            if (attrs.isRegularFile()) {
                return TarEntry.unplacedFile(
                        relative,
                        attrs.size(),
                        mode,
                        mtime,
                        FileIdentity.of(attrs),
                        ctimeNanos(path));
            }
            if (attrs.isSymbolicLink()) {
                String target = Files.readSymbolicLink(path).toString();
                return TarEntry.unplaced(relative, EntryType.SYMLINK, 0, mode, mtime, target);
            }
            return null;
        } catch (NoSuchFileException e) {
            // Listed a moment ago, gone now: the tree is still being written, so this plan would be
            // wrong.
            throw new SourceReadException(
                    Reason.SOURCE_CHANGED, relative, "vanished while planning", e);
        } catch (IOException e) {
            throw SourceReadException.classify(relative, e);
        }
    }

    /** The inode change time in nanoseconds, or null where the platform has no "unix" view. */
    static Long ctimeNanos(Path path) throws IOException {
        try {
            FileTime ctime =
                    (FileTime) Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            return ctime.to(TimeUnit.NANOSECONDS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    static long mtimeSeconds(BasicFileAttributes attrs) {
        return attrs.lastModifiedTime().toInstant().getEpochSecond(); // floors, also before 1970
    }

    /**
     * Permission bits including setuid/setgid/sticky where the platform exposes them ("unix" view).
     */
    private static int mode(Path path) throws IOException {
        try {
            Map<String, Object> unix =
                    Files.readAttributes(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (Integer) unix.get("mode") & 07777;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            PosixFileAttributes posix =
                    Files.readAttributes(
                            path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission permission : posix.permissions()) {
                mode |= ModeBits.of(permission);
            }
            return mode;
        }
    }
}
