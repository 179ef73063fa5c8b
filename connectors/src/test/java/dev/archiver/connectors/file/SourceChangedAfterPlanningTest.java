package dev.archiver.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.archiver.connectors.file.SourceReadException.Reason;
import dev.archiver.connectors.testing.Processes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoField;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source tree changed between planning and the reading of its chunks, in the ways a size and
 * whole-second check misses: each must fail the read as SOURCE_CHANGED instead of archiving other
 * bytes under the plan's hashes.
 */
class SourceChangedAfterPlanningTest {

    private static final String CONTENT = "planned content, 32 bytes long.\n";

    @TempDir Path temp;

    private Path root;
    private Path file;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(temp.resolve("run/d"));
        root = root.getParent();
        file = Files.writeString(root.resolve("d/f.txt"), CONTENT);
    }

    @Test
    void shouldNotReadThroughADirectorySwappedForALinkAfterPlanning() throws Exception {
        TarPlan plan = FileTreePlanner.plan(root, 1 << 20);
        // An identical copy elsewhere, same size and mtime: only where it lives differs.
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.copy(file, outside.resolve("f.txt"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(root.resolve("d"), temp.resolve("d.moved"));
        Files.createSymbolicLink(root.resolve("d"), outside);

        assertChanged(plan);
    }

    @Test
    void shouldCatchASameSizeRewriteInTheSameSecond() throws Exception {
        TarPlan plan = FileTreePlanner.plan(root, 1 << 20);
        FileTime planned = Files.getLastModifiedTime(file);
        Instant sameSecond =
                planned.toInstant().get(ChronoField.NANO_OF_SECOND) < 500_000_000
                        ? planned.toInstant().plusNanos(1_000)
                        : planned.toInstant().minusNanos(1_000);

        Files.writeString(file, CONTENT.toUpperCase(Locale.ROOT)); // same length
        Files.setLastModifiedTime(file, FileTime.from(sameSecond));

        assertChanged(plan);
    }

    @Test
    void shouldCatchAFileReplacedByAnIdenticalLookingOne() throws Exception {
        TarPlan plan = FileTreePlanner.plan(root, 1 << 20);
        Path copy = temp.resolve("copy.txt");
        Files.writeString(copy, CONTENT.replace('p', 'P'));
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(file));
        Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);

        assertChanged(plan);
    }

    @Test
    void shouldRefuseAFifoSwappedInWithoutBlocking() throws Exception {
        TarPlan plan = FileTreePlanner.plan(root, 1 << 20);
        Files.delete(file);
        Processes.Result mkfifo = Processes.sh(root.resolve("d"), "mkfifo f.txt");
        assertThat(mkfifo.exitCode()).as(mkfifo.stderr()).isZero();

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertChanged(plan));
    }

    @Test
    void shouldArchiveANameWithABackslash() throws Exception {
        Files.writeString(root.resolve("d/back\\slash.txt"), "x");

        TarPlan plan = FileTreePlanner.plan(root, 1 << 20);

        assertThat(plan.entries()).extracting(TarEntry::path).contains("d/back\\slash.txt");
        try (InputStream in = new TarRangeStream(plan, 0, plan.streamLength())) {
            assertThat(in.readAllBytes()).hasSize((int) plan.streamLength());
        }
    }

    @Test
    void shouldRefuseANameThatIsNotUtf8WithAClearReason() throws Exception {
        Processes.Result touch =
                Processes.sh(root.resolve("d"), "touch \"$(printf 'bad\\377name')\"");
        assertThat(touch.exitCode()).as(touch.stderr()).isZero();

        assertThatThrownBy(() -> FileTreePlanner.plan(root, 1 << 20))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("not valid UTF-8")
                .satisfies(
                        e ->
                                assertThat(((SourceReadException) e).reason())
                                        .isEqualTo(Reason.SOURCE_UNREADABLE));
    }

    private static void assertChanged(TarPlan plan) {
        assertThatThrownBy(
                        () -> {
                            try (InputStream in =
                                    new TarRangeStream(plan, 0, plan.streamLength())) {
                                in.readAllBytes();
                            }
                        })
                .isInstanceOf(SourceReadException.class)
                .satisfies(
                        e ->
                                assertThat(((SourceReadException) e).reason())
                                        .isEqualTo(Reason.SOURCE_CHANGED));
    }
}
