package dev.archiver.connectors.file;

import dev.archiver.connectors.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The stored head of a paged plan (format 2): the stream's summary, counted while planning, and
 * where each page of entries starts. It grows by one small page reference per {@link
 * PagedPlanWriter#PAGE_ENTRIES} entries, not by entry, and is written after every page, so its
 * presence means the whole plan is there.
 *
 * @param skipped how many paths were neither file, directory nor symlink
 * @param skippedPaths the first {@value #MAX_SKIPPED_PATHS} of them, to name in a report
 * @param pages in stream order; the entries of page i are stored as {@link PlanPage} i
 */
public record PlanIndex(
        int formatVersion,
        String root,
        long chunkSize,
        long streamLength,
        long files,
        long dirs,
        long symlinks,
        long skipped,
        List<String> skippedPaths,
        List<PageRef> pages)
        implements PlanSummary {

    public static final int FORMAT_VERSION = 2;
    public static final int MAX_SKIPPED_PATHS = 100;

    /**
     * One page: the offset of its first entry (to find the page holding an offset without reading
     * any) and how many entries it holds (to check the page read back is the one indexed).
     */
    public record PageRef(long firstOffset, int entries) {
        public PageRef {
            if (firstOffset < 0 || entries <= 0) {
                throw new IllegalArgumentException(
                        "invalid page at " + firstOffset + " of " + entries + " entries");
            }
        }
    }

    public PlanIndex {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "unsupported plan index formatVersion " + formatVersion);
        }
        if (chunkSize <= 0
                || streamLength < TarHeaders.END_OF_ARCHIVE
                || streamLength % TarHeaders.BLOCK != 0) {
            throw new IllegalArgumentException(
                    "invalid chunkSize " + chunkSize + " or streamLength " + streamLength);
        }
        skippedPaths = skippedPaths == null ? List.of() : List.copyOf(skippedPaths);
        pages = List.copyOf(pages);
        for (int i = 1; i < pages.size(); i++) {
            if (pages.get(i).firstOffset() <= pages.get(i - 1).firstOffset()) {
                throw new IllegalArgumentException("page offsets out of order at page " + i);
            }
        }
    }

    @Override
    public long fileCount() {
        return files;
    }

    @Override
    public long dirCount() {
        return dirs;
    }

    @Override
    public long symlinkCount() {
        return symlinks;
    }

    /**
     * The page holding {@code offset} (before the trailer): the last one starting at or before it.
     */
    int pageAt(long offset) {
        int low = 0;
        int high = pages.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (pages.get(mid).firstOffset() <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise plan index", e);
        }
    }
}
