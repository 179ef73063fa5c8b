package dev.archiver.connectors.file;

import dev.archiver.connectors.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's file list, fixed at planning, laid out as one tar stream and cut into byte ranges. Stored
 * as JSON so any instance can render any chunk later without listing the tree again.
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
        List<String> skipped) {

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

    public Path rootPath() {
        return Path.of(root);
    }

    /** Where the two zero blocks that end the archive start. */
    public long trailerOffset() {
        return streamLength - TarHeaders.END_OF_ARCHIVE;
    }

    public ByteRange chunk(int index) {
        return chunks.get(index);
    }

    public long fileCount() {
        return count(EntryType.FILE);
    }

    public long dirCount() {
        return count(EntryType.DIRECTORY);
    }

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
