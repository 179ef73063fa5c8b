package dev.archiver.connectors.file;

import dev.archiver.connectors.BulkInputStream;
import dev.archiver.connectors.file.SourceReadException.Reason;
import dev.archiver.connectors.paths.DirectoryHandles;
import dev.archiver.connectors.paths.FileIdentity;
import dev.archiver.connectors.paths.LinkInTheWayException;
import dev.archiver.connectors.paths.OutsideRootsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Exactly bytes [start, end) of a plan's tar stream. Headers are re-encoded from the plan; content
 * is read straight from the source files into the caller's buffer, seeking to the right position,
 * so nothing larger than one entry's headers is ever held here. Entries come from a forward cursor
 * on the plan, opened at the first read: with a paged plan only the pages the range overlaps are
 * read, one at a time. Only files whose content overlaps the range are opened, and each is checked
 * against the plan before and after reading (inode, size, nanosecond mtime, ctime): a file that
 * changed makes the read fail rather than produce a chunk that disagrees with the rest of the
 * archive. Files are reached through directory handles from the plan's real root, never through a
 * link.
 */
public final class TarRangeStream extends BulkInputStream {

    private static final Set<OpenOption> READ_NO_FOLLOW =
            Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final TarLayout plan;
    private final Path root;
    private final long start;
    private final long end;
    private long position;

    private PlanEntries entries; // opened at the first read
    private TarEntry current; // the entry whose region holds `position`; null once in the trailer
    private byte[] currentHeader;
    private SeekableByteChannel currentFile;
    private DirectoryHandles handles;

    public TarRangeStream(TarLayout plan, ByteRange range) {
        this(plan, range.start(), range.end());
    }

    public TarRangeStream(TarLayout plan, long start, long end) {
        this.plan = Objects.requireNonNull(plan, "plan");
        if (start < 0 || end < start || end > plan.streamLength()) {
            throw new IllegalArgumentException(
                    "range ["
                            + start
                            + ", "
                            + end
                            + ") is outside the stream of "
                            + plan.streamLength()
                            + " bytes");
        }
        this.root = plan.rootPath();
        this.start = start;
        this.end = end;
        this.position = start;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (position >= end) {
            releaseFile();
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int wanted = (int) Math.min(length, end - position);
        int produced = produce(buffer, offset, wanted);
        position += produced;
        if (position >= end) {
            releaseFile(); // verify the last file now, so a change surfaces before the chunk is
            // reported done
        }
        return produced;
    }

    /**
     * Fills up to {@code wanted} bytes from the region (header, content, padding, trailer) holding
     * position.
     */
    private int produce(byte[] buffer, int offset, int wanted) throws IOException {
        advanceToPosition();
        if (current == null) {
            return zeros(buffer, offset, wanted, plan.streamLength() - position);
        }
        TarEntry entry = current;
        if (position < entry.dataOffset()) {
            byte[] header = header(entry);
            int from = (int) (position - entry.offset());
            int n = Math.min(wanted, header.length - from);
            System.arraycopy(header, from, buffer, offset, n);
            return n;
        }
        if (position < entry.dataEnd()) {
            return readContent(
                    entry, buffer, offset, (int) Math.min(wanted, entry.dataEnd() - position));
        }
        return zeros(buffer, offset, wanted, entry.nextOffset() - position);
    }

    private int readContent(TarEntry entry, byte[] buffer, int offset, int wanted)
            throws IOException {
        SeekableByteChannel file = openFile(entry);
        ByteBuffer target = ByteBuffer.wrap(buffer, offset, wanted);
        long filePosition = position - entry.dataOffset();
        int n;
        try {
            if (file.position() != filePosition) {
                file.position(filePosition);
            }
            do {
                n = file.read(target);
            } while (n == 0);
        } catch (IOException e) {
            throw SourceReadException.classify(entry.path(), e);
        }
        if (n < 0) {
            throw new SourceReadException(
                    Reason.SOURCE_CHANGED,
                    entry.path(),
                    "file ended at " + filePosition + " of " + entry.size() + " planned bytes");
        }
        return n;
    }

    private static int zeros(byte[] buffer, int offset, int wanted, long available) {
        int n = (int) Math.min(wanted, available);
        Arrays.fill(buffer, offset, offset + n, (byte) 0);
        return n;
    }

    private void advanceToPosition() throws IOException {
        if (entries == null) {
            entries = plan.entriesFrom(start);
            current = entries.next();
            if (current == null ? start < plan.trailerOffset() : current.offset() > start) {
                throw new IllegalStateException("the plan has no entry at offset " + start);
            }
        }
        while (current != null && position >= current.nextOffset()) {
            releaseFile();
            currentHeader = null;
            long expected = current.nextOffset();
            current = entries.next();
            // Entries follow each other without gaps up to the trailer; anything else is a bug.
            long found = current == null ? plan.trailerOffset() : current.offset();
            if (found != expected) {
                throw new IllegalStateException(
                        "the plan's entries are not contiguous at offset " + expected);
            }
        }
    }

    private byte[] header(TarEntry entry) {
        if (currentHeader == null) {
            currentHeader = TarHeaders.encode(entry);
        }
        return currentHeader;
    }

    /**
     * Opens a file relative to its directory's handle, never following a link on the way, once what
     * is there was checked against the plan: a FIFO or device swapped in is refused before an open
     * that could block on it.
     */
    private SeekableByteChannel openFile(TarEntry entry) throws IOException {
        if (currentFile == null) {
            Located file = locate(entry);
            requireAsPlanned(entry, file);
            try {
                currentFile = file.dir().newByteChannel(file.name(), READ_NO_FOLLOW);
            } catch (IOException e) {
                throw SourceReadException.classify(entry.path(), e);
            }
        }
        return currentFile;
    }

    /** Closes the open file (if any) after checking it still is what the plan says. */
    private void releaseFile() throws IOException {
        if (currentFile == null) {
            return;
        }
        SeekableByteChannel file = currentFile;
        currentFile = null;
        file.close();
        requireAsPlanned(current, locate(current));
    }

    private record Located(SecureDirectoryStream<Path> dir, Path name) {}

    private Located locate(TarEntry entry) throws IOException {
        List<String> parts = List.of(entry.path().split("/"));
        try {
            if (handles == null) {
                handles = DirectoryHandles.open(root);
            }
            return new Located(
                    handles.directory(parts.subList(0, parts.size() - 1)),
                    Path.of(parts.get(parts.size() - 1)));
        } catch (LinkInTheWayException | OutsideRootsException e) {
            throw new SourceReadException(
                    Reason.SOURCE_CHANGED,
                    entry.path(),
                    "a directory on its way is a symbolic link now",
                    e);
        } catch (IOException e) {
            throw SourceReadException.classify(entry.path(), e);
        }
    }

    private void requireAsPlanned(TarEntry entry, Located file) throws SourceReadException {
        BasicFileAttributes attrs;
        try {
            attrs =
                    file.dir()
                            .getFileAttributeView(
                                    file.name(),
                                    BasicFileAttributeView.class,
                                    LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
        } catch (IOException e) {
            throw SourceReadException.classify(entry.path(), e);
        }
        if (!attrs.isRegularFile()) {
            throw new SourceReadException(
                    Reason.SOURCE_CHANGED, entry.path(), "no longer a regular file");
        }
        if (attrs.size() != entry.size()) {
            throw new SourceReadException(
                    Reason.SOURCE_CHANGED,
                    entry.path(),
                    "size was " + entry.size() + ", now " + attrs.size());
        }
        long mtime = FileTreePlanner.mtimeSeconds(attrs);
        if (mtime != entry.mtime()) {
            throw new SourceReadException(
                    Reason.SOURCE_CHANGED,
                    entry.path(),
                    "mtime was " + entry.mtime() + ", now " + mtime);
        }
        if (entry.identity() != null && !entry.identity().equals(FileIdentity.of(attrs))) {
            throw new SourceReadException(
                    Reason.SOURCE_CHANGED,
                    entry.path(),
                    "replaced or rewritten since planning (inode or nanosecond mtime differ)");
        }
        if (entry.ctimeNanos() != null) {
            Long ctime;
            try {
                ctime = FileTreePlanner.ctimeNanos(root.resolve(entry.path()));
            } catch (IOException e) {
                throw SourceReadException.classify(entry.path(), e);
            }
            if (ctime != null && !ctime.equals(entry.ctimeNanos())) {
                throw new SourceReadException(
                        Reason.SOURCE_CHANGED,
                        entry.path(),
                        "changed since planning (ctime differs)");
            }
        }
    }

    @Override
    public void close() throws IOException {
        SeekableByteChannel file = currentFile;
        currentFile = null;
        try {
            if (file != null) {
                file.close();
            }
        } finally {
            try {
                if (handles != null) {
                    handles.close();
                    handles = null;
                }
            } finally {
                if (entries != null) {
                    entries.close();
                }
            }
        }
    }
}
