package dev.archiver.connectors.file;

import dev.archiver.connectors.file.PlanIndex.PageRef;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A stored paged plan: its index in memory, its pages read only when a cursor reaches them, one at
 * a time. Rendering a chunk reads the pages its byte range overlaps, never the whole plan.
 */
public final class PagedPlan implements TarLayout {

    private final PlanIndex index;
    private final PlanPageStore pages;

    public PagedPlan(PlanIndex index, PlanPageStore pages) {
        this.index = index;
        this.pages = pages;
    }

    public PlanIndex index() {
        return index;
    }

    @Override
    public String root() {
        return index.root();
    }

    @Override
    public long chunkSize() {
        return index.chunkSize();
    }

    @Override
    public long streamLength() {
        return index.streamLength();
    }

    @Override
    public long fileCount() {
        return index.fileCount();
    }

    @Override
    public long dirCount() {
        return index.dirCount();
    }

    @Override
    public long symlinkCount() {
        return index.symlinkCount();
    }

    @Override
    public PlanEntries entriesFrom(long offset) throws IOException {
        if (offset >= trailerOffset() || index.pages().isEmpty()) {
            return () -> null;
        }
        return new Cursor(index.pageAt(offset), offset);
    }

    /** Walks the pages forward from the one holding the start, holding one page at a time. */
    private final class Cursor implements PlanEntries {
        private int page;
        private List<TarEntry> entries;
        private int next;

        Cursor(int page, long offset) throws IOException {
            this.page = page;
            this.entries = load(page);
            this.next = entryAt(entries, offset);
        }

        @Override
        public TarEntry next() throws IOException {
            if (entries == null) {
                return null;
            }
            if (next == entries.size()) {
                entries = null; // let the page go before the next one is read
                if (++page == index.pages().size()) {
                    return null;
                }
                entries = load(page);
                next = 0;
            }
            return entries.get(next++);
        }
    }

    private List<TarEntry> load(int number) throws IOException {
        PageRef ref = index.pages().get(number);
        PlanPage page;
        try (InputStream in = pages.open(number)) {
            page = PlanPage.fromJson(in);
        }
        // A page left by an earlier planning of the same run would put wrong bytes in a chunk.
        if (page.page() != number
                || page.entries().size() != ref.entries()
                || page.entries().get(0).offset() != ref.firstOffset()) {
            throw new IOException("plan page " + number + " does not match the plan's index");
        }
        return page.entries();
    }

    /** Index of the last entry starting at or before {@code offset}. */
    static int entryAt(List<TarEntry> entries, long offset) {
        int low = 0;
        int high = entries.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (entries.get(mid).offset() <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
