package dev.archiver.connectors.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.pack.ChunkPacker;
import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.TierStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkSpoolTest {

    private static final String TIER = "S3_STANDARD";
    private static final String KEY = "run-1/chunk-000000.tar.zst";
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-12-05T08:00:00Z"), ZoneOffset.UTC);

    @TempDir Path temp;

    private final byte[] data = "log line\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
    private Path dir;
    private TierStore tier;

    @BeforeEach
    void setUp() throws IOException {
        dir = temp.resolve("spool");
        tier = new FilesystemTierStore(temp.resolve("tier"));
    }

    @Test
    void shouldKeepAPackedChunkUntilItIsDrainedToItsTierThenForgetIt() throws Exception {
        ChunkSpool spool = open(1 << 20);

        SpooledChunk spooled = spool.spool(TIER, KEY, data.length, this::pack).orElseThrow();

        assertThat(spooled.packed().key()).isEqualTo(KEY);
        assertThat(spooled.packed().sha256In()).isEqualTo(Sha256.of(data));
        assertThat(spool.chunks()).isEqualTo(1);
        assertThat(spool.usedBytes()).isEqualTo(spooled.packed().bytesOut());
        assertThat(spool.find(TIER, KEY)).contains(spooled);
        assertThat(tier.exists(KEY)).isFalse();

        PackedChunk drained = spool.drain(spooled, tier);

        assertThat(drained).isEqualTo(spooled.packed());
        try (InputStream in = tier.open(KEY)) {
            assertThat(Sha256.of(in.readAllBytes())).isEqualTo(drained.sha256Out());
        }
        assertThat(spool.find(TIER, KEY)).isEmpty();
        assertThat(spool.chunks()).isZero();
        assertThat(spool.usedBytes()).isZero();
        assertThat(entries()).isEmpty();
    }

    @Test
    void shouldRefuseAChunkThatMightNotFitAndKeepNothingOfIt() throws Exception {
        ChunkSpool spool = open(data.length - 1);

        assertThat(spool.spool(TIER, KEY, data.length, this::pack)).isEmpty();
        assertThat(spool.usedBytes()).isZero();
        assertThat(entries()).isEmpty();
    }

    @Test
    void shouldGiveBackTheRoomAChunkReservedBeyondWhatItStored() throws Exception {
        ChunkSpool spool = open(data.length + 100);

        SpooledChunk first = spool.spool(TIER, KEY, data.length, this::pack).orElseThrow();

        // Text compresses: what the first stored leaves room for a second reservation.
        assertThat(first.packed().bytesOut()).isLessThan(100);
        assertThat(spool.spool(TIER, "run-1/chunk-000001.tar.zst", data.length, this::pack))
                .isPresent();
        assertThat(spool.chunks()).isEqualTo(2);
    }

    @Test
    void shouldPublishNothingWhenTheSpooledBytesChangedOnDisk() throws Exception {
        ChunkSpool spool = open(1 << 20);
        SpooledChunk spooled = spool.spool(TIER, KEY, data.length, this::pack).orElseThrow();
        Path bytes = dataFiles().get(0);
        byte[] stored = Files.readAllBytes(bytes);
        stored[stored.length / 2] ^= 1;
        Files.write(bytes, stored);

        assertThatThrownBy(() -> spool.drain(spooled, tier))
                .isInstanceOf(SpoolCorruptedException.class)
                .hasMessageContaining("changed on local disk");

        assertThat(tier.exists(KEY)).isFalse();
        assertThat(spool.find(TIER, KEY)).isEmpty();
        assertThat(spool.usedBytes()).isZero();
    }

    @Test
    void shouldReleaseTheReservationWhenPackingFails() throws Exception {
        ChunkSpool spool = open(1 << 20);

        assertThatThrownBy(
                        () ->
                                spool.spool(
                                        TIER,
                                        KEY,
                                        data.length,
                                        (store, key) -> {
                                            throw new IOException("source vanished");
                                        }))
                .hasMessage("source vanished");

        assertThat(spool.usedBytes()).isZero();
        assertThat(spool.chunks()).isZero();
        assertThat(entries()).isEmpty();
    }

    @Test
    void shouldKeepCompleteEntriesAcrossARestartAndDeleteOnlyItsOwnIncompleteOrExpiredOnes()
            throws Exception {
        ChunkSpool before = open(1 << 20);
        SpooledChunk kept = before.spool(TIER, KEY, data.length, this::pack).orElseThrow();
        SpooledChunk old =
                before.spool(TIER, "run-2/chunk-000000.tar.zst", data.length, this::pack)
                        .orElseThrow();
        Path oldRecord = recordOf(TIER, old.packed().key());
        Files.setLastModifiedTime(
                oldRecord,
                java.nio.file.attribute.FileTime.from(CLOCK.instant().minus(Duration.ofDays(8))));
        Path crashedMidSpool = dir.resolve(Sha256.of("crashed"));
        Files.write(crashedMidSpool, new byte[] {1, 2, 3});
        Path notOurs = dir.resolve("operator-notes.txt");
        Files.writeString(notOurs, "keep me");

        ChunkSpool after = open(1 << 20);

        assertThat(after.find(TIER, KEY)).contains(kept);
        assertThat(after.find(TIER, old.packed().key())).isEmpty();
        assertThat(after.chunks()).isEqualTo(1);
        assertThat(after.usedBytes()).isEqualTo(kept.packed().bytesOut());
        assertThat(crashedMidSpool).doesNotExist();
        assertThat(notOurs).hasContent("keep me");
    }

    @Test
    void shouldNeverSpoolWhenDisabled() throws Exception {
        ChunkSpool spool = ChunkSpool.open(dir, 0, Duration.ofDays(7), CLOCK);

        assertThat(spool.enabled()).isFalse();
        assertThat(spool.spool(TIER, KEY, 1, this::pack)).isEmpty();
        assertThat(spool.find(TIER, KEY)).isEmpty();
        assertThat(dir).doesNotExist();
    }

    private ChunkSpool open(long maxBytes) throws IOException {
        return ChunkSpool.open(dir, maxBytes, Duration.ofDays(7), CLOCK);
    }

    private PackedChunk pack(TierStore store, String key) throws IOException {
        return new ChunkPacker(store, 3).pack(0, 0, new ByteArrayInputStream(data), key);
    }

    private Path recordOf(String tier, String key) {
        return dir.resolve(Sha256.of(tier + "\n" + key) + ".json");
    }

    private List<Path> entries() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
    }

    private List<Path> dataFiles() throws IOException {
        return entries().stream().filter(f -> !f.toString().endsWith(".json")).toList();
    }
}
