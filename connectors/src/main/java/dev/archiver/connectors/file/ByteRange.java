package dev.archiver.connectors.file;

/** One chunk of the tar stream: bytes [start, end). */
public record ByteRange(int index, long start, long end) {

    public ByteRange {
        if (index < 0 || start < 0 || end < start) {
            throw new IllegalArgumentException(
                    "invalid range #" + index + " [" + start + ", " + end + ")");
        }
    }

    public long length() {
        return end - start;
    }
}
