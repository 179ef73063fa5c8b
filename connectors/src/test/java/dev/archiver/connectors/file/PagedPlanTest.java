package dev.archiver.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.plan.StoredPlans;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.ForwardingTierStore;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagedPlanTest {

    /** Small pages, so that the sample tree spans many and ranges cross their boundaries. */
    private static final int PAGE = 3;

    @TempDir Path temp;
    private Path root;

    /** Pages in memory, counting which were read. */
    private static class MemoryPages implements PlanPageStore {
        final Map<Integer, byte[]> stored = new HashMap<>();
        final List<Integer> opened = new ArrayList<>();

        @Override
        public void put(int page, byte[] json) {
            stored.put(page, json);
        }

        @Override
        public InputStream open(int page) throws IOException {
            opened.add(page);
            byte[] json = stored.get(page);
            if (json == null) {
                throw new IOException("no page " + page);
            }
            return new ByteArrayInputStream(json);
        }
    }

    @BeforeEach
    void tree() throws IOException {
        SampleTree tree = SampleTree.mixed(temp.resolve("src"));
        for (int d = 0; d < 4; d++) {
            for (int f = 0; f < 5; f++) {
                tree.text("grid/d" + d + "/f" + f + ".txt", "file " + d + "/" + f, "rw-r--r--");
            }
        }
        root = tree.finish().root();
    }

    @Test
    void shouldStoreExactlyTheEntriesAndTotalsOfTheWholePlanInPages() throws Exception {
        TarPlan whole = FileTreePlanner.plan(root, 4096);
        MemoryPages pages = new MemoryPages();

        PlanIndex index =
                FileTreePlanner.plan(root, 4096, new PagedPlanWriter(pages, PAGE, 1 << 20));

        List<TarEntry> paged = new ArrayList<>();
        for (int i = 0; i < index.pages().size(); i++) {
            PlanPage page = PlanPage.fromJson(pages.open(i));
            assertThat(page.page()).isEqualTo(i);
            assertThat(page.entries()).hasSizeLessThanOrEqualTo(PAGE);
            paged.addAll(page.entries());
        }
        assertThat(paged).isEqualTo(whole.entries());
        assertThat(index.pages()).hasSize((whole.entries().size() + PAGE - 1) / PAGE);
        assertThat(index.root()).isEqualTo(whole.root());
        assertThat(index.streamLength()).isEqualTo(whole.streamLength());
        assertThat(index.chunkCount()).isEqualTo(whole.chunks().size());
        assertThat(IntStream.range(0, index.chunkCount()).mapToObj(index::chunk).toList())
                .isEqualTo(whole.chunks());
        assertThat(List.of(index.fileCount(), index.dirCount(), index.symlinkCount()))
                .isEqualTo(List.of(whole.fileCount(), whole.dirCount(), whole.symlinkCount()));
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(longs = {1, 512, 1000, 4096, 1 << 20})
    void shouldRenderEveryChunkByteIdenticalToTheWholePlan(long chunkSize) throws Exception {
        TarPlan whole = FileTreePlanner.plan(root, chunkSize);
        PagedPlan paged = paged(chunkSize, new MemoryPages());

        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        for (ByteRange range : whole.chunks()) {
            byte[] chunk = render(paged, range.start(), range.end());
            assertThat(chunk).isEqualTo(render(whole, range.start(), range.end()));
            concatenated.writeBytes(chunk);
        }
        assertThat(concatenated.toByteArray()).isEqualTo(TarFormatTest.whole(whole));
    }

    @Test
    void shouldReadOnlyThePagesAChunkOverlaps() throws Exception {
        MemoryPages pages = new MemoryPages();
        PagedPlan plan = paged(4096, pages);
        assertThat(plan.index().pages().size()).isGreaterThan(4);

        for (int i = 0; i < plan.chunkCount(); i++) {
            ByteRange range = plan.chunk(i);
            pages.opened.clear();
            render(plan, range.start(), range.end());
            assertThat(pages.opened)
                    .as("pages read for chunk %d %s", i, range)
                    .containsExactlyElementsOf(overlapping(plan, range.start(), range.end()));
        }
    }

    @Test
    void shouldRenderARangeThatSpansPageBoundaries() throws Exception {
        MemoryPages pages = new MemoryPages();
        PagedPlan plan = paged(4096, pages);
        TarPlan whole = FileTreePlanner.plan(root, 4096);
        List<PlanIndex.PageRef> refs = plan.index().pages();
        // From inside page 1 (one byte into its second entry's headers) to inside page 3.
        long start = whole.entries().get(PAGE + 1).offset() + 1;
        long end = refs.get(3).firstOffset() + 700;

        pages.opened.clear();
        byte[] bytes = render(plan, start, end);

        assertThat(bytes).isEqualTo(render(whole, start, end));
        assertThat(pages.opened).containsExactly(1, 2, 3);
    }

    @Test
    void shouldNeverHoldMoreThanOnePageOfEntriesWhileWriting() throws Exception {
        PagedPlanWriter writer = new PagedPlanWriter(new MemoryPages(), PAGE, 1 << 20);
        int most = 0;
        long offset = 0;
        for (int i = 0; i < 50; i++) {
            TarEntry entry =
                    TarEntry.unplaced("f" + i, EntryType.DIRECTORY, 0, 0755, 0, null)
                            .placedAt(offset, offset + 512);
            offset = entry.nextOffset();
            writer.entry(entry);
            most = Math.max(most, writer.heldEntries());
        }
        PlanIndex index = writer.finish("/r", 4096, offset + 1024);

        assertThat(most).isEqualTo(PAGE - 1); // a full page is stored at once
        assertThat(index.pages()).hasSize(17);
        assertThat(index.dirCount()).isEqualTo(50);
    }

    @Test
    void shouldCloseAPageEarlyWhenItsEntriesAreLarge() throws Exception {
        MemoryPages pages = new MemoryPages();
        PagedPlanWriter writer = new PagedPlanWriter(pages, 1000, 1000);
        long offset = 0;
        for (int i = 0; i < 10; i++) {
            TarEntry entry =
                    TarEntry.unplaced("x".repeat(300) + i, EntryType.DIRECTORY, 0, 0755, 0, null)
                            .placedAt(offset, offset + 1536);
            offset = entry.nextOffset();
            writer.entry(entry);
            assertThat(writer.heldEntries()).isLessThan(2);
        }
        writer.finish("/r", 4096, offset + 1024);

        assertThat(pages.stored).hasSize(5); // about 500 estimated bytes an entry: 2 to a page
    }

    @Test
    void shouldStorePagesWhileTheTreeIsStillBeingWalked() throws Exception {
        // The last directory in walk order gets a new file when the first page is stored: a planner
        // that listed the whole tree before storing anything would not see it.
        Path late = root.resolve("grid/d3/late.txt");
        MemoryPages pages =
                new MemoryPages() {
                    @Override
                    public void put(int page, byte[] json) {
                        super.put(page, json);
                        try {
                            if (page == 0) {
                                Files.writeString(late, "listed after page 0 was stored");
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };

        PagedPlan plan =
                new PagedPlan(
                        FileTreePlanner.plan(root, 4096, new PagedPlanWriter(pages, PAGE, 1 << 20)),
                        pages);

        assertThat(paths(plan)).contains("grid/d3/late.txt");
    }

    @Test
    void shouldRefuseAPageThatIsNotTheOneIndexed() throws Exception {
        MemoryPages pages = new MemoryPages();
        PagedPlan plan = paged(4096, pages);
        pages.stored.put(1, pages.stored.get(2)); // e.g. left by another planning of the run

        long start = plan.index().pages().get(1).firstOffset();
        assertThatThrownBy(() -> render(plan, start, start + 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("plan page 1");
    }

    @Test
    void shouldPlanAnEmptyTreeAsTheTrailerAlone() throws Exception {
        Path empty = Files.createDirectory(temp.resolve("empty"));
        MemoryPages pages = new MemoryPages();
        PagedPlan plan =
                new PagedPlan(FileTreePlanner.plan(empty, 4096, new PagedPlanWriter(pages)), pages);

        assertThat(plan.index().pages()).isEmpty();
        assertThat(render(plan, 0, plan.streamLength())).isEqualTo(new byte[1024]);
    }

    @Test
    void shouldStoreTheIndexAfterItsPagesAndReadItBackFromATier() throws Exception {
        TierStore tier = new FilesystemTierStore(temp.resolve("tier"));
        String planKey = ArchiveKeys.planKey(ArchiveKeys.archiveId("paged"));
        List<String> order = new ArrayList<>();
        TierStore recording =
                new ForwardingTierStore(tier) {
                    @Override
                    public <T> T put(String key, ObjectWriter<T> w) throws IOException {
                        order.add(key);
                        return super.put(key, w);
                    }
                };

        PagedPlan written = StoredPlans.write(root, 4096, recording, planKey);
        TarLayout read = StoredPlans.open(tier, planKey);

        assertThat(order).last().isEqualTo(planKey);
        assertThat(order.subList(0, order.size() - 1))
                .containsExactlyElementsOf(
                        IntStream.range(0, written.index().pages().size())
                                .mapToObj(i -> ArchiveKeys.planPageKey(planKey, i))
                                .toList());
        assertThat(read).isInstanceOf(PagedPlan.class);
        assertThat(((PagedPlan) read).index()).isEqualTo(written.index());
        assertThat(render(read, 0, read.streamLength()))
                .isEqualTo(TarFormatTest.whole(FileTreePlanner.plan(root, 4096)));
    }

    @Test
    void shouldStillReadAPlanStoredWholeInFormatOne() throws Exception {
        TierStore tier = new FilesystemTierStore(temp.resolve("tier"));
        String planKey = ArchiveKeys.planKey(ArchiveKeys.archiveId("format-1"));
        TarPlan whole = FileTreePlanner.plan(root, 4096);
        tier.putBytes(planKey, whole.toJson());

        TarLayout read = StoredPlans.open(tier, planKey);

        assertThat(read).isEqualTo(whole);
        assertThat(render(read, 0, read.streamLength())).isEqualTo(TarFormatTest.whole(whole));
    }

    private PagedPlan paged(long chunkSize, MemoryPages pages) throws IOException {
        PlanIndex index =
                FileTreePlanner.plan(root, chunkSize, new PagedPlanWriter(pages, PAGE, 1 << 20));
        return new PagedPlan(index, pages);
    }

    private static byte[] render(TarLayout plan, long start, long end) throws IOException {
        try (InputStream in = new TarRangeStream(plan, start, end)) {
            return in.readAllBytes();
        }
    }

    /** The pages holding some byte of [start, end) before the trailer, by the index alone. */
    private static List<Integer> overlapping(PagedPlan plan, long start, long end) {
        List<PlanIndex.PageRef> refs = plan.index().pages();
        TreeSet<Integer> pages = new TreeSet<>();
        for (int i = 0; i < refs.size(); i++) {
            long pageStart = refs.get(i).firstOffset();
            long pageEnd =
                    i + 1 < refs.size() ? refs.get(i + 1).firstOffset() : plan.trailerOffset();
            if (pageStart < end && start < pageEnd) {
                pages.add(i);
            }
        }
        return List.copyOf(pages);
    }

    private static List<String> paths(PagedPlan plan) throws IOException {
        List<String> paths = new ArrayList<>();
        try (PlanEntries entries = plan.entriesFrom(0)) {
            for (TarEntry e; (e = entries.next()) != null; ) {
                paths.add(e.path());
            }
        }
        return paths;
    }
}
