package dev.archiver.connectors.file;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.archiver.connectors.paths.FileIdentity;

/**
 * One entry of the planned tar stream, with everything needed to re-create its header bytes later
 * (so a chunk can be rendered again on any instance, on any retry, and come out byte-identical).
 *
 * @param path relative path, '/'-separated, no trailing slash
 * @param size content bytes (0 for directories and symlinks)
 * @param mode POSIX permission bits (07777 at most)
 * @param mtime modification time in whole seconds since the epoch
 * @param linkTarget symlink target as stored in the link, null for other types
 * @param offset where this entry's first header block starts in the tar stream
 * @param dataOffset where its content starts (after the PAX and ustar headers)
 * @param identity for files: device, inode, size and mtime in nanoseconds when planned, so a file
 *     replaced or rewritten since (same size, same second) is caught before its bytes are used;
 *     null in plans of older versions
 * @param ctimeNanos for files: the inode change time when planned, which also moves when the mtime
 *     is set back
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TarEntry(
        String path,
        EntryType type,
        long size,
        int mode,
        long mtime,
        String linkTarget,
        long offset,
        long dataOffset,
        FileIdentity identity,
        Long ctimeNanos) {

    public TarEntry {
        RelativePaths.requireSafe(path);
        if (type == null) {
            throw new IllegalArgumentException("type is required: " + path);
        }
        if (size < 0 || (type != EntryType.FILE && size != 0)) {
            throw new IllegalArgumentException(
                    "invalid size " + size + " for " + type + " " + path);
        }
        if ((type == EntryType.SYMLINK) != (linkTarget != null)) {
            throw new IllegalArgumentException(
                    "a link target is required for symlinks and only for them: " + path);
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException(
                    "mode out of range: " + Integer.toOctalString(mode) + " " + path);
        }
        if (offset < 0 || dataOffset < offset) {
            throw new IllegalArgumentException("invalid offsets for " + path);
        }
    }

    /** An entry before it has been placed in the stream. */
    static TarEntry unplaced(
            String path, EntryType type, long size, int mode, long mtime, String linkTarget) {
        return new TarEntry(path, type, size, mode, mtime, linkTarget, 0, 0, null, null);
    }

    /** A file before it has been placed in the stream, with what identifies it on disk. */
    static TarEntry unplacedFile(
            String path, long size, int mode, long mtime, FileIdentity identity, Long ctimeNanos) {
        return new TarEntry(
                path, EntryType.FILE, size, mode, mtime, null, 0, 0, identity, ctimeNanos);
    }

    TarEntry placedAt(long newOffset, long newDataOffset) {
        return new TarEntry(
                path,
                type,
                size,
                mode,
                mtime,
                linkTarget,
                newOffset,
                newDataOffset,
                identity,
                ctimeNanos);
    }

    /**
     * First byte after this entry's content, before the zero padding to the next 512-byte block.
     */
    public long dataEnd() {
        return dataOffset + size;
    }

    /** Where the next entry (or the trailer) starts: after this one's content and its padding. */
    public long nextOffset() {
        return dataOffset + TarHeaders.padded(size);
    }
}
