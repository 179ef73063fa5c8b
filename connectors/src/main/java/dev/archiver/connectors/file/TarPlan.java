package dev.archiver.connectors.file;

import dev.archiver.connectors.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

/**
 * A run's file list, fixed at planning, laid out as one tar stream and cut into byte ranges, whole
 * in memory: the plan format 1, one JSON document. The service now stores plans in pages ({@link
 * PlanIndex}, {@link PagedPlan}) and reads this format only for a plan stored before; tests and
 * tools use it for small trees.
 *
 * @param root the directory the entry paths are relative to
 * @param streamLength total bytes of the tar stream, a multiple of 512
 * @param entries in stream order (depth-first, siblings by UTF-8 bytes of their name)
 * @param chunks consecutive ranges of {@code chunkSize} bytes covering the stream, the last one
 *     shorter
 * @param skipped paths of entries that are neither file, directory nor symlink, left out of the
 *     stream
 */
public record TarPlan(
        int formatVersion,
        String root,
        long chunkSize,
        long streamLength,
        List<TarEntry> entries,
        List<ByteRange> chunks,
        List<String> skipped)
        implements TarLayout {

    public static final int FORMAT_VERSION = 1;

    public TarPlan {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported plan formatVersion " + formatVersion);
        }
        if (chunkSize <= 0
                || streamLength < TarHeaders.END_OF_ARCHIVE
                || streamLength % TarHeaders.BLOCK != 0) {
            throw new IllegalArgumentException(
                    "invalid chunkSize " + chunkSize + " or streamLength " + streamLength);
        }
        entries = List.copyOf(entries);
        chunks = List.copyOf(chunks);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    @Override
    public ByteRange chunk(int index) {
        return chunks.get(index);
    }

    @Override
    public int chunkCount() {
        return chunks.size();
    }

    @Override
    public PlanEntries entriesFrom(long offset) {
        if (offset >= trailerOffset() || entries.isEmpty()) {
            return () -> null;
        }
        Iterator<TarEntry> from =
                entries.subList(PagedPlan.entryAt(entries, offset), entries.size()).iterator();
        return () -> from.hasNext() ? from.next() : null;
    }

    @Override
    public long fileCount() {
        return count(EntryType.FILE);
    }

    @Override
    public long dirCount() {
        return count(EntryType.DIRECTORY);
    }

    @Override
    public long symlinkCount() {
        return count(EntryType.SYMLINK);
    }

    private long count(EntryType type) {
        return entries.stream().filter(e -> e.type() == type).count();
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise plan", e);
        }
    }

    public static TarPlan fromJson(byte[] json) throws IOException {
        return Json.MAPPER.readValue(json, TarPlan.class);
    }

    public static TarPlan fromJson(InputStream json) throws IOException {
        return Json.MAPPER.readValue(json, TarPlan.class);
    }
}
