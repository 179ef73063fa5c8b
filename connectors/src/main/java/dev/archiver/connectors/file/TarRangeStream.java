package dev.archiver.connectors.file;

import dev.archiver.connectors.BulkInputStream;
import dev.archiver.connectors.file.SourceReadException.Reason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Exactly bytes [start, end) of a plan's tar stream. Headers are re-encoded from the plan; content is read
 * straight from the source files into the caller's buffer, seeking to the right position, so nothing larger
 * than one entry's headers is ever held here. Only files whose content overlaps the range are opened, and each
 * is checked against the plan before and after reading: a file that changed makes the read fail rather than
 * produce a chunk that disagrees with the rest of the archive.
 */
public final class TarRangeStream extends BulkInputStream {

    private final TarPlan plan;
    private final Path root;
    private final List<TarEntry> entries;
    private final long end;
    private long position;

    private int current; // index of the entry that holds `position`; entries.size() once in the trailer
    private byte[] currentHeader;
    private FileChannel currentFile;

    public TarRangeStream(TarPlan plan, ByteRange range) {
        this(plan, range.start(), range.end());
    }

    public TarRangeStream(TarPlan plan, long start, long end) {
        this.plan = Objects.requireNonNull(plan, "plan");
        if (start < 0 || end < start || end > plan.streamLength()) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") is outside the stream of "
                    + plan.streamLength() + " bytes");
        }
        this.root = plan.rootPath();
        this.entries = plan.entries();
        this.end = end;
        this.position = start;
        this.current = entryAt(start);
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
            releaseFile(); // verify the last file now, so a change surfaces before the chunk is reported done
        }
        return produced;
    }

    /** Fills up to {@code wanted} bytes from the region (header, content, padding, trailer) holding position. */
    private int produce(byte[] buffer, int offset, int wanted) throws IOException {
        advanceToPosition();
        if (current >= entries.size()) {
            return zeros(buffer, offset, wanted, plan.streamLength() - position);
        }
        TarEntry entry = entries.get(current);
        if (position < entry.dataOffset()) {
            byte[] header = header(entry);
            int from = (int) (position - entry.offset());
            int n = Math.min(wanted, header.length - from);
            System.arraycopy(header, from, buffer, offset, n);
            return n;
        }
        if (position < entry.dataEnd()) {
            return readContent(entry, buffer, offset, (int) Math.min(wanted, entry.dataEnd() - position));
        }
        return zeros(buffer, offset, wanted, nextOffset(current) - position);
    }

    private int readContent(TarEntry entry, byte[] buffer, int offset, int wanted) throws IOException {
        FileChannel file = openFile(entry);
        ByteBuffer target = ByteBuffer.wrap(buffer, offset, wanted);
        long filePosition = position - entry.dataOffset();
        int n;
        try {
            do {
                n = file.read(target, filePosition);
            } while (n == 0);
        } catch (IOException e) {
            throw SourceReadException.classify(entry.path(), e);
        }
        if (n < 0) {
            throw new SourceReadException(Reason.SOURCE_CHANGED, entry.path(),
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
        while (current < entries.size() && position >= nextOffset(current)) {
            releaseFile();
            currentHeader = null;
            current++;
        }
    }

    private long nextOffset(int index) {
        return index + 1 < entries.size() ? entries.get(index + 1).offset() : plan.trailerOffset();
    }

    /** Index of the entry whose region holds {@code offset}, or entries.size() for the trailer. */
    private int entryAt(long offset) {
        if (offset >= plan.trailerOffset()) {
            return entries.size();
        }
        int low = 0;
        int high = entries.size() - 1;
        while (low < high) { // last entry whose offset <= the wanted one
            int mid = (low + high + 1) >>> 1;
            if (entries.get(mid).offset() <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private byte[] header(TarEntry entry) {
        if (currentHeader == null) {
            currentHeader = TarHeaders.encode(entry);
        }
        return currentHeader;
    }

    private FileChannel openFile(TarEntry entry) throws IOException {
        if (currentFile == null) {
            Path path = root.resolve(entry.path());
            requireAsPlanned(entry, path);
            try {
                currentFile = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
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
        FileChannel file = currentFile;
        currentFile = null;
        file.close();
        TarEntry entry = entries.get(current);
        requireAsPlanned(entry, root.resolve(entry.path()));
    }

    private static void requireAsPlanned(TarEntry entry, Path path) throws SourceReadException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw SourceReadException.classify(entry.path(), e);
        }
        if (!attrs.isRegularFile()) {
            throw new SourceReadException(Reason.SOURCE_CHANGED, entry.path(), "no longer a regular file");
        }
        if (attrs.size() != entry.size()) {
            throw new SourceReadException(Reason.SOURCE_CHANGED, entry.path(),
                    "size was " + entry.size() + ", now " + attrs.size());
        }
        long mtime = FileTreePlanner.mtimeSeconds(attrs);
        if (mtime != entry.mtime()) {
            throw new SourceReadException(Reason.SOURCE_CHANGED, entry.path(),
                    "mtime was " + entry.mtime() + ", now " + mtime);
        }
    }

    @Override
    public void close() throws IOException {
        FileChannel file = currentFile;
        currentFile = null;
        if (file != null) {
            file.close();
        }
    }
}
