package dev.archiver.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.connectors.testing.SampleTree;
import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the stream against an independent tar reader (commons-compress) and the ustar layout
 * itself.
 */
class TarFormatTest {

    @TempDir Path temp;

    @Test
    void shouldBeReadableByAnIndependentTarReaderWithNamesModesMtimesLinksAndContents()
            throws Exception {
        TarPlan plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 4096);
        byte[] stream = whole(plan);

        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new ByteArrayInputStream(stream))) {
            for (TarEntry planned : plan.entries()) {
                TarArchiveEntry read = tar.getNextEntry();
                assertThat(read).as("entry for " + planned.path()).isNotNull();
                names.add(read.getName());
                assertThat(read.getName())
                        .isEqualTo(
                                planned.type() == EntryType.DIRECTORY
                                        ? planned.path() + "/"
                                        : planned.path());
                assertThat(read.getMode() & 07777).as(planned.path()).isEqualTo(planned.mode());
                assertThat(read.getModTime().toInstant().getEpochSecond())
                        .isEqualTo(planned.mtime());
                assertThat(read.getLongUserId()).isZero();
                assertThat(read.getLongGroupId()).isZero();
                assertThat(read.getUserName()).isEmpty();
                switch (planned.type()) {
                    case DIRECTORY -> assertThat(read.isDirectory()).isTrue();
                    case SYMLINK -> assertThat(read.getLinkName()).isEqualTo(planned.linkTarget());
                    case FILE ->
                            assertThat(tar.readAllBytes())
                                    .isEqualTo(
                                            Files.readAllBytes(
                                                    plan.rootPath().resolve(planned.path())));
                }
            }
            assertThat(tar.getNextEntry()).isNull();
        }
        assertThat(names)
                .contains(
                        "données/ünïcødé-файл.txt",
                        "long/" + "x".repeat(120) + ".txt",
                        "empty-dir/");
    }

    @Test
    void shouldUsePaxHeadersExactlyForLongOrNonAsciiNamesAndTargets() throws Exception {
        TarPlan plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 4096);
        byte[] stream = whole(plan);

        for (TarEntry entry : plan.entries()) {
            String name = entry.type() == EntryType.DIRECTORY ? entry.path() + "/" : entry.path();
            String target = entry.linkTarget() == null ? "" : entry.linkTarget();
            boolean needsPax = !fitsUstar(name) || !fitsUstar(target);
            char typeflag = (char) stream[(int) entry.offset() + 156];
            assertThat(typeflag)
                    .as(entry.path())
                    .isEqualTo(needsPax ? 'x' : ustarTypeflag(entry.type()));
        }
        assertThat(plan.entries()).anyMatch(e -> stream[(int) e.offset() + 156] == 'x');
    }

    @Test
    void shouldWriteAValidChecksumInEveryHeader() throws Exception {
        TarPlan plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 4096);
        byte[] stream = whole(plan);

        for (TarEntry entry : plan.entries()) {
            for (long block = entry.offset(); block < entry.dataOffset(); block += 512) {
                int at = (int) block;
                if (stream[at + 257] != 'u') { // pax data blocks between the two headers
                    continue;
                }
                long sum = 0;
                for (int i = 0; i < 512; i++) {
                    sum += (i >= 148 && i < 156) ? ' ' : stream[at + i] & 0xff;
                }
                String stored = new String(stream, at + 148, 6, StandardCharsets.US_ASCII);
                assertThat(Long.parseLong(stored, 8)).as(entry.path()).isEqualTo(sum);
            }
        }
    }

    @Test
    void shouldCarrySizesOfEightGibibytesAndMoreInAPaxHeader() throws Exception {
        SampleTree tree = new SampleTree(temp.resolve("src"));
        long nineGib = 9L << 30;
        try (RandomAccessFile sparse =
                new RandomAccessFile(tree.root().resolve("huge.bin").toFile(), "rw")) {
            sparse.setLength(nineGib);
        }
        TarPlan plan = FileTreePlanner.plan(tree.root(), 4096);

        byte[] firstChunk = new TarRangeStream(plan, plan.chunk(0)).readAllBytes();

        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new ByteArrayInputStream(firstChunk))) {
            TarArchiveEntry entry = tar.getNextEntry();
            assertThat(entry.getName()).isEqualTo("huge.bin");
            assertThat(entry.getSize()).isEqualTo(nineGib);
        }
        assertThat(plan.streamLength()).isEqualTo(512 + 512 + 512 + nineGib + 1024);
    }

    static byte[] whole(TarPlan plan) throws Exception {
        try (TarRangeStream in = new TarRangeStream(plan, 0, plan.streamLength())) {
            return in.readAllBytes();
        }
    }

    private static boolean fitsUstar(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= 100 && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static char ustarTypeflag(EntryType type) {
        return switch (type) {
            case FILE -> '0';
            case SYMLINK -> '2';
            case DIRECTORY -> '5';
        };
    }
}
