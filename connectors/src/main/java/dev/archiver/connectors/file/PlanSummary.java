package dev.archiver.connectors.file;

import java.nio.file.Path;

/**
 * What a plan says about its tar stream as a whole: where the tree is, how long the stream is, how
 * it is cut into chunks and what it holds. Small whatever the tree's size: this is what a run's
 * state, its chunk tasks and its manifest need, without the entries.
 */
public interface PlanSummary {

    /** The real directory the entry paths are relative to. */
    String root();

    long chunkSize();

    /** Total bytes of the tar stream, a multiple of 512. */
    long streamLength();

    long fileCount();

    long dirCount();

    long symlinkCount();

    default Path rootPath() {
        return Path.of(root());
    }

    /** Where the two zero blocks that end the archive start. */
    default long trailerOffset() {
        return streamLength() - TarHeaders.END_OF_ARCHIVE;
    }

    /** Consecutive ranges of chunkSize bytes cover the stream, the last one shorter. */
    default int chunkCount() {
        return Math.toIntExact((streamLength() + chunkSize() - 1) / chunkSize());
    }

    default ByteRange chunk(int index) {
        if (index < 0 || index >= chunkCount()) {
            throw new IndexOutOfBoundsException(
                    "chunk " + index + " of " + chunkCount() + " chunks");
        }
        long start = index * chunkSize();
        return new ByteRange(index, start, Math.min(start + chunkSize(), streamLength()));
    }
}
