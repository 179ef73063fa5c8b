package dev.archiver.connectors.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.ForwardingTierStore;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCopiesTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-12-05T09:00:00Z"), ZoneOffset.UTC);
    private static final String PLAN = ArchiveKeys.planKey("run-0123456789abcdef");
    private static final String PAGE = ArchiveKeys.planPageKey(PLAN, 0);
    private static final String CHUNK = ArchiveKeys.chunkKey("run-0123456789abcdef", 0);

    @TempDir Path temp;
    private Switchable tier;
    private Path copies;

    @BeforeEach
    void setUp() throws IOException {
        tier = new Switchable(new FilesystemTierStore(temp.resolve("tier")));
        copies = temp.resolve("plans");
    }

    private PlanCopies open() throws IOException {
        return new PlanCopies(tier, copies, Duration.ofDays(7), CLOCK);
    }

    @Test
    void shouldReadAPlanItWroteFromItsLocalCopyWhileTheTierIsUnreachable() throws Exception {
        PlanCopies store = open();
        store.putBytes(PLAN, bytes("index"));
        store.putBytes(PAGE, bytes("page 0"));
        tier.down = true;

        assertThat(read(store, PLAN)).isEqualTo("index");
        assertThat(read(store, PAGE)).isEqualTo("page 0");
    }

    @Test
    void shouldCopyAPlanWhenItFirstReadsItFromTheTier() throws Exception {
        tier.putBytes(PAGE, bytes("written elsewhere"));
        PlanCopies store = open();

        assertThat(read(store, PAGE)).isEqualTo("written elsewhere");
        tier.down = true;
        assertThat(read(store, PAGE)).isEqualTo("written elsewhere");
    }

    @Test
    void shouldReadTheTierNotTheCopyWhileTheTierAnswers() throws Exception {
        PlanCopies store = open();
        store.putBytes(PAGE, bytes("first plan"));
        tier.putBytes(PAGE, bytes("re-planned elsewhere"));

        assertThat(read(store, PAGE)).isEqualTo("re-planned elsewhere");
    }

    @Test
    void shouldKeepNoCopyOfChunksAndFailTheirReadsWhileTheTierIsUnreachable() throws Exception {
        PlanCopies store = open();
        store.putBytes(CHUNK, bytes("chunk"));
        tier.down = true;

        assertThatThrownBy(() -> read(store, CHUNK)).isInstanceOf(TierStoreException.class);
        assertThat(copyFiles()).isZero();
    }

    @Test
    void shouldDeleteOnlyItsOwnCopiesOnceTheyAreOld() throws Exception {
        PlanCopies store = open();
        store.putBytes(PAGE, bytes("old page"));
        try (Stream<Path> files = Files.list(copies)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(
                        f, FileTime.from(CLOCK.instant().minus(Duration.ofDays(8))));
            }
        }
        Path notOurs = copies.resolve("notes.txt");
        Files.writeString(notOurs, "keep");

        open();

        assertThat(copyFiles()).isZero();
        assertThat(notOurs).hasContent("keep");
    }

    private long copyFiles() throws IOException {
        try (Stream<Path> files = Files.list(copies)) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}")).count();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String read(TierStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A tier that can become unreachable. */
    private static final class Switchable extends ForwardingTierStore {
        volatile boolean down;

        Switchable(TierStore delegate) {
            super(delegate);
        }

        @Override
        public InputStream open(String key) throws IOException {
            if (down) {
                throw new TierStoreException("connection refused", true);
            }
            return delegate.open(key);
        }
    }
}
