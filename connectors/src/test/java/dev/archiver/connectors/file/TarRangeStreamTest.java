package dev.archiver.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.archiver.connectors.file.SourceReadException.Reason;
import dev.archiver.connectors.testing.SampleTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarRangeStreamTest {

    @TempDir Path temp;

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(longs = {1, 512, 1000, 4096, 1 << 20})
    void shouldConcatenateAllRangesIntoExactlyTheWholeStream(long chunkSize) throws Exception {
        Path root = SampleTree.mixed(temp.resolve("src")).root();
        TarPlan plan = FileTreePlanner.plan(root, chunkSize);
        byte[] whole = TarFormatTest.whole(plan);

        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        for (ByteRange range : plan.chunks()) {
            try (InputStream in = new TarRangeStream(plan, range)) {
                byte[] bytes = in.readAllBytes();
                assertThat(bytes).hasSize((int) range.length());
                concatenated.writeBytes(bytes);
            }
        }

        assertThat(whole).hasSize((int) plan.streamLength());
        assertThat(concatenated.toByteArray()).isEqualTo(whole);
    }

    @Test
    void shouldRenderByteIdenticalRangesOnEveryRead() throws Exception {
        TarPlan plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 4096);

        assertThat(TarFormatTest.whole(plan))
                .isEqualTo(TarFormatTest.whole(TarPlan.fromJson(plan.toJson())));
    }

    @Test
    void shouldSeekIntoALargeFileInsteadOfReadingItFromTheStart() throws Exception {
        SampleTree tree = new SampleTree(temp.resolve("src"));
        Path big = tree.root().resolve("big.bin");
        long size = 3L << 30; // past 2^31 on purpose
        long marker = size - 10;
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(size);
            file.seek(marker);
            file.write(new byte[] {1, 2, 3});
        }
        TarPlan plan = FileTreePlanner.plan(tree.root(), 1L << 20);
        TarEntry entry = plan.entries().get(0);
        long markerInStream = entry.dataOffset() + marker;

        byte[] bytes;
        try (InputStream in = new TarRangeStream(plan, markerInStream - 2, markerInStream + 5)) {
            bytes = in.readAllBytes();
        }

        assertThat(bytes).containsExactly(0, 0, 1, 2, 3, 0, 0);
    }

    @Test
    void shouldOpenOnlyFilesWhoseContentOverlapsTheRange() throws Exception {
        Path root = SampleTree.mixed(temp.resolve("src")).root();
        TarPlan plan = FileTreePlanner.plan(root, 4096);
        TarEntry big = entry(plan, "big.bin");
        Files.delete(root.resolve("big.bin"));

        byte[] beforeItsContent;
        try (InputStream in = new TarRangeStream(plan, 0, big.dataOffset())) {
            beforeItsContent = in.readAllBytes();
        }

        assertThat(beforeItsContent).hasSize((int) big.dataOffset());
        assertThatThrownBy(
                        () ->
                                new TarRangeStream(plan, big.dataOffset(), big.dataOffset() + 1)
                                        .readAllBytes())
                .isInstanceOfSatisfying(
                        SourceReadException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(Reason.SOURCE_NOT_FOUND);
                            assertThat(e.path()).isEqualTo("big.bin");
                        });
    }

    @Test
    void shouldFailWithSourceChangedWhenAFileGrewSincePlanning() throws Exception {
        Path root = SampleTree.mixed(temp.resolve("src")).root();
        TarPlan plan = FileTreePlanner.plan(root, 4096);
        Path readme = root.resolve("docs/readme.txt");
        FileTime mtime = Files.getLastModifiedTime(readme);
        Files.writeString(readme, "appended", java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(readme, mtime);

        assertChanged(plan, "docs/readme.txt");
    }

    @Test
    void shouldFailWithSourceChangedWhenOnlyTheMtimeChanged() throws Exception {
        Path root = SampleTree.mixed(temp.resolve("src")).root();
        TarPlan plan = FileTreePlanner.plan(root, 4096);
        Files.setLastModifiedTime(
                root.resolve("docs/readme.txt"), FileTime.from(Instant.ofEpochSecond(42)));

        assertChanged(plan, "docs/readme.txt");
    }

    @Test
    void shouldFailWithSourceChangedWhenAFileChangesWhileItIsBeingRead() throws Exception {
        Path root = SampleTree.mixed(temp.resolve("src")).root();
        TarPlan plan = FileTreePlanner.plan(root, 4096);
        TarEntry big = entry(plan, "big.bin");

        try (InputStream in = new TarRangeStream(plan, big.dataOffset(), big.dataEnd())) {
            assertThat(in.readNBytes(100)).hasSize(100);
            Files.setLastModifiedTime(
                    root.resolve("big.bin"), FileTime.from(Instant.ofEpochSecond(42)));

            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOfSatisfying(
                            SourceReadException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.SOURCE_CHANGED));
        }
    }

    @Test
    void shouldFailWithSourceChangedWhenAFileWasReplacedByASymlink() throws Exception {
        Path root = SampleTree.mixed(temp.resolve("src")).root();
        TarPlan plan = FileTreePlanner.plan(root, 4096);
        Path readme = root.resolve("docs/readme.txt");
        FileTime mtime = Files.getLastModifiedTime(readme);
        Files.move(readme, root.resolve("docs/moved.txt"));
        Files.createSymbolicLink(
                readme, Path.of("moved.txt")); // same size and mtime behind the link
        Files.getFileAttributeView(readme, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(mtime, null, null);

        assertChanged(plan, "docs/readme.txt");
    }

    @Test
    void shouldFailWithSourceUnreadableWhenPermissionIsDenied() throws Exception {
        assumeFalse(
                "root".equals(System.getProperty("user.name")),
                "root reads files whatever their mode");
        Path root = SampleTree.mixed(temp.resolve("src")).root();
        TarPlan plan = FileTreePlanner.plan(root, 4096);
        Files.setPosixFilePermissions(
                root.resolve("docs/readme.txt"), PosixFilePermissions.fromString("---------"));

        assertThatThrownBy(() -> TarFormatTest.whole(plan))
                .isInstanceOfSatisfying(
                        SourceReadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SOURCE_UNREADABLE));
    }

    @Test
    void shouldClassifyPermissionDeniedAsUnreadableAndAnyOtherIoErrorToo() {
        assertThat(SourceReadException.classify("f", new AccessDeniedException("f")).reason())
                .isEqualTo(Reason.SOURCE_UNREADABLE);
        assertThat(SourceReadException.classify("f", new IOException("EIO")).reason())
                .isEqualTo(Reason.SOURCE_UNREADABLE);
        assertThat(
                        SourceReadException.classify(
                                        "f", new java.nio.file.NoSuchFileException("f"))
                                .reason())
                .isEqualTo(Reason.SOURCE_NOT_FOUND);
    }

    @Test
    void shouldRefuseARangeOutsideTheStream() throws Exception {
        TarPlan plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 4096);

        assertThatThrownBy(() -> new TarRangeStream(plan, 0, plan.streamLength() + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TarRangeStream(plan, 10, 9))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadByteByByteAndThenSignalTheEndOfTheRange() throws Exception {
        TarPlan plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 4096);
        byte[] whole = TarFormatTest.whole(plan);
        TarEntry readme = entry(plan, "docs/readme.txt");
        long start = readme.dataOffset() - 3;

        try (InputStream in = new TarRangeStream(plan, start, start + 6)) {
            for (int i = 0; i < 6; i++) {
                assertThat(in.read()).isEqualTo(whole[(int) start + i] & 0xff);
            }
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
        }
        assertThat(
                        Arrays.copyOfRange(
                                whole, (int) readme.dataOffset(), (int) readme.dataOffset() + 3))
                .asString()
                .isEqualTo("rea");
    }

    private static void assertChanged(TarPlan plan, String path) {
        assertThatThrownBy(() -> TarFormatTest.whole(plan))
                .isInstanceOfSatisfying(
                        SourceReadException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(Reason.SOURCE_CHANGED);
                            assertThat(e.path()).isEqualTo(path);
                        });
    }

    private static TarEntry entry(TarPlan plan, String path) {
        return plan.entries().stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    }
}
