package dev.archiver.connectors.file;

import dev.archiver.connectors.file.PlanIndex.PageRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a plan page by page as the planner places its entries, and counts what the manifest needs
 * on the way, so that neither the planner nor anything after it ever holds the whole entry list: at
 * most one page of entries is held here.
 */
public final class PagedPlanWriter implements PlanSink {

    /** About 2 MiB of entries on the heap and 1 MiB of JSON per page of ordinary paths. */
    public static final int PAGE_ENTRIES = 4096;

    /**
     * Estimated JSON bytes that close a page early, so a page of very long paths stays small too.
     */
    public static final int PAGE_BYTES = 1 << 20;

    /**
     * What an entry costs in a page beside its path and link target (JSON field names, numbers).
     */
    private static final int ENTRY_OVERHEAD = 200;

    private final PlanPageStore pages;
    private final int maxEntries;
    private final long maxBytes;
    private final List<TarEntry> page = new ArrayList<>();
    private long pageBytes;
    private final List<PageRef> refs = new ArrayList<>();
    private final List<String> skippedPaths = new ArrayList<>();
    private long nextOffset;
    private long files;
    private long dirs;
    private long symlinks;
    private long skipped;

    public PagedPlanWriter(PlanPageStore pages) {
        this(pages, PAGE_ENTRIES, PAGE_BYTES);
    }

    /** With smaller pages, to test what crosses page boundaries. */
    public PagedPlanWriter(PlanPageStore pages, int maxEntries, long maxBytes) {
        if (maxEntries <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("a page must hold something");
        }
        this.pages = pages;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    @Override
    public void entry(TarEntry placed) throws IOException {
        // A chunk writer finds an entry's end from the entry itself, so the stream must have no
        // gaps.
        if (placed.offset() != nextOffset) {
            throw new IllegalArgumentException(
                    placed.path() + " placed at " + placed.offset() + ", expected " + nextOffset);
        }
        nextOffset = placed.nextOffset();
        switch (placed.type()) {
            case FILE -> files++;
            case DIRECTORY -> dirs++;
            case SYMLINK -> symlinks++;
        }
        page.add(placed);
        pageBytes += estimatedBytes(placed);
        if (page.size() >= maxEntries || pageBytes >= maxBytes) {
            flush();
        }
    }

    @Override
    public void skipped(String path) {
        skipped++;
        if (skippedPaths.size() < PlanIndex.MAX_SKIPPED_PATHS) {
            skippedPaths.add(path);
        }
    }

    /** Stores the last page and returns the index; the caller stores it, last. */
    public PlanIndex finish(String root, long chunkSize, long streamLength) throws IOException {
        flush();
        if (streamLength != nextOffset + TarHeaders.END_OF_ARCHIVE) {
            throw new IllegalArgumentException(
                    "stream length " + streamLength + " does not follow the last entry");
        }
        return new PlanIndex(
                PlanIndex.FORMAT_VERSION,
                root,
                chunkSize,
                streamLength,
                files,
                dirs,
                symlinks,
                skipped,
                skippedPaths,
                refs);
    }

    /** Entries held in memory right now: never more than one page's. */
    public int heldEntries() {
        return page.size();
    }

    private void flush() throws IOException {
        if (page.isEmpty()) {
            return;
        }
        int number = refs.size();
        pages.put(number, new PlanPage(PlanIndex.FORMAT_VERSION, number, page).toJson());
        refs.add(new PageRef(page.get(0).offset(), page.size()));
        page.clear();
        pageBytes = 0;
    }

    private static long estimatedBytes(TarEntry entry) {
        long link = entry.linkTarget() == null ? 0 : entry.linkTarget().length();
        return ENTRY_OVERHEAD + link + entry.path().length();
    }
}
