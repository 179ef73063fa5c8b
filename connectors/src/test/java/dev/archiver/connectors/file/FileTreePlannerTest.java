package dev.archiver.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.file.SourceReadException.Reason;
import dev.archiver.connectors.testing.Processes;
import dev.archiver.connectors.testing.SampleTree;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FileTreePlannerTest {

    @TempDir Path temp;

    @Test
    void shouldListEachDirectoryBeforeItsContentsWithSiblingsInUtf8ByteOrder() throws Exception {
        SampleTree tree = new SampleTree(temp.resolve("src"));
        tree.text("é", "", "rw-r--r--");
        tree.text("a-b", "", "rw-r--r--");
        tree.text("a/b.txt", "", "rw-r--r--");
        tree.text("B", "", "rw-r--r--");
        tree.dir("z", "rwxr-xr-x");
        tree.finish();

        TarPlan plan = FileTreePlanner.plan(tree.root(), 4096);

        assertThat(plan.entries())
                .extracting(TarEntry::path)
                .containsExactly("B", "a", "a/b.txt", "a-b", "z", "é");
    }

    @Test
    void shouldRecordTypeSizeModeMtimeAndLinkTargetOfEveryEntry() throws Exception {
        SampleTree tree = new SampleTree(temp.resolve("src"));
        tree.text("bin/run.sh", "#!/bin/sh\n", "rwxr-x---");
        tree.symlink("link", "bin/run.sh");
        tree.finish();

        Map<String, TarEntry> byPath = byPath(FileTreePlanner.plan(tree.root(), 4096));

        TarEntry script = byPath.get("bin/run.sh");
        assertThat(script.type()).isEqualTo(EntryType.FILE);
        assertThat(script.size()).isEqualTo(10);
        assertThat(script.mode()).isEqualTo(0750);
        assertThat(script.mtime()).isEqualTo(1_600_000_000L);
        assertThat(script.linkTarget()).isNull();
        TarEntry link = byPath.get("link");
        assertThat(link.type()).isEqualTo(EntryType.SYMLINK);
        assertThat(link.linkTarget()).isEqualTo("bin/run.sh");
        assertThat(link.size()).isZero();
        assertThat(link.mtime()).isEqualTo(1_600_000_001L);
        TarEntry bin = byPath.get("bin");
        assertThat(bin.type()).isEqualTo(EntryType.DIRECTORY);
        assertThat(bin.mtime()).isEqualTo(1_600_000_002L);
    }

    @Test
    void shouldNotFollowSymlinksToDirectories() throws Exception {
        SampleTree outside = new SampleTree(temp.resolve("outside"));
        outside.text("must-not-appear.txt", "x", "rw-r--r--");
        SampleTree tree = new SampleTree(temp.resolve("src"));
        tree.symlink("escape", outside.root().toString());
        tree.finish();

        TarPlan plan = FileTreePlanner.plan(tree.root(), 4096);

        assertThat(plan.entries())
                .extracting(TarEntry::path, TarEntry::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("escape", EntryType.SYMLINK));
    }

    @Test
    void shouldPlaceEveryEntryOnABlockBoundaryAndEndWithTwoZeroBlocks() throws Exception {
        TarPlan plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 4096);

        long expectedOffset = 0;
        for (TarEntry entry : plan.entries()) {
            assertThat(entry.offset()).as(entry.path()).isEqualTo(expectedOffset);
            assertThat(entry.dataOffset() - entry.offset()).as(entry.path()).isPositive();
            assertThat((entry.dataOffset() - entry.offset()) % 512).as(entry.path()).isZero();
            expectedOffset = entry.dataOffset() + (entry.size() + 511) / 512 * 512;
        }
        assertThat(plan.trailerOffset()).isEqualTo(expectedOffset);
        assertThat(plan.streamLength()).isEqualTo(expectedOffset + 1024);
    }

    @Test
    void shouldCutTheStreamIntoChunksOfChunkSizeWithAShorterLastOne() throws Exception {
        TarPlan plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 1000);

        List<ByteRange> chunks = plan.chunks();
        assertThat(chunks).hasSize((int) ((plan.streamLength() + 999) / 1000));
        for (int i = 0; i < chunks.size(); i++) {
            assertThat(chunks.get(i).index()).isEqualTo(i);
            assertThat(chunks.get(i).start()).isEqualTo(i * 1000L);
        }
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(c.length()).isEqualTo(1000));
        ByteRange last = chunks.get(chunks.size() - 1);
        assertThat(last.end()).isEqualTo(plan.streamLength());
        assertThat(last.length())
                .isBetween(1L, 999L); // streamLength is a multiple of 512, never of 1000 here
    }

    @Test
    void shouldPlanTheSameTreeIdenticallyEveryTime() throws Exception {
        Path root = SampleTree.mixed(temp.resolve("src")).root();

        TarPlan first = FileTreePlanner.plan(root, 4096);
        TarPlan second = FileTreePlanner.plan(root, 4096);

        assertThat(second).isEqualTo(first);
        assertThat(second.toJson()).isEqualTo(first.toJson());
    }

    @Test
    void shouldRoundTripThePlanThroughJson() throws Exception {
        TarPlan plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 4096);

        TarPlan read = TarPlan.fromJson(plan.toJson());

        assertThat(read).isEqualTo(plan);
        assertThat(read.entries()).hasSize(plan.entries().size()).isNotEmpty();
    }

    @Test
    @Timeout(10) // reading a terabyte would take hours: planning must only look at metadata
    void shouldPlanATerabyteFileWithoutReadingIt() throws Exception {
        SampleTree tree = new SampleTree(temp.resolve("src"));
        try (RandomAccessFile sparse =
                new RandomAccessFile(tree.root().resolve("huge.bin").toFile(), "rw")) {
            sparse.setLength(1L << 40);
        }

        TarPlan plan = FileTreePlanner.plan(tree.root(), 64L << 20);

        assertThat(plan.entries().get(0).size()).isEqualTo(1L << 40);
        assertThat(plan.chunks())
                .hasSize((int) ((plan.streamLength() + (64L << 20) - 1) / (64L << 20)));
    }

    @Test
    void shouldSkipFifosAndRecordThemAsSkipped() throws Exception {
        SampleTree tree = new SampleTree(temp.resolve("src"));
        tree.text("kept.txt", "kept", "rw-r--r--");
        assertThat(Processes.sh(tree.root(), "mkfifo pipe").exitCode()).isZero();

        TarPlan plan = FileTreePlanner.plan(tree.root(), 4096);

        assertThat(plan.entries()).extracting(TarEntry::path).containsExactly("kept.txt");
        assertThat(plan.skipped()).containsExactly("pipe");
    }

    @Test
    void shouldReportAMissingRootAsSourceNotFound() {
        assertThatThrownBy(() -> FileTreePlanner.plan(temp.resolve("absent"), 4096))
                .isInstanceOfSatisfying(
                        SourceReadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SOURCE_NOT_FOUND));
    }

    @Test
    void shouldRefuseAPlanWhosePathsEscapeTheRoot() {
        assertThatThrownBy(
                        () -> TarEntry.unplaced("../etc/passwd", EntryType.FILE, 1, 0644, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TarEntry.unplaced("/etc/passwd", EntryType.FILE, 1, 0644, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, TarEntry> byPath(TarPlan plan) {
        return plan.entries().stream()
                .collect(Collectors.toMap(TarEntry::path, Function.identity()));
    }
}
