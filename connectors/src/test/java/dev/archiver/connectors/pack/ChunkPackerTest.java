package dev.archiver.connectors.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.SourceReadException;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.file.TarRangeStream;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.TierStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkPackerTest {

    @TempDir Path temp;

    private TarPlan plan;
    private TierStore store;

    @BeforeEach
    void planAndStore() throws Exception {
        plan = FileTreePlanner.plan(SampleTree.mixed(temp.resolve("src")).root(), 4096);
        store = new FilesystemTierStore(temp.resolve("tier"));
    }

    @Test
    void shouldStoreEachChunkAsExactlyOneZstdFrameWithAContentChecksum() throws Exception {
        new ChunkPacker(store, 3).pack(plan, 1, "c1");
        byte[] stored = stored("c1");

        assertThat(Zstd.findFrameCompressedSize(stored)).isEqualTo(stored.length);
        assertThat(readIntLittleEndian(stored)).isEqualTo(0xFD2FB528); // zstd frame magic
        assertThat(stored[4] & 0b100).as("Content_Checksum_flag").isNotZero();
    }

    @Test
    void shouldStoreAnIncompressibleChunkAtLevelOneNotAtTheConfiguredLevel() throws Exception {
        byte[] random = new byte[1 << 20];
        new java.util.Random(42).nextBytes(random);

        PackedChunk packed =
                new ChunkPacker(store, 19).pack(0, 0, new ByteArrayInputStream(random), "random");

        assertThat(packed.level()).isEqualTo(1);
        assertThat(packed.bytesIn()).isEqualTo(random.length);
        assertThat(packed.sha256In()).isEqualTo(Sha256.of(random));
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(stored("random")))) {
            assertThat(in.readAllBytes()).isEqualTo(random);
        }
    }

    @Test
    void shouldStoreACompressibleChunkAtTheConfiguredLevel() throws Exception {
        byte[] text =
                "2026-01-01T00:00:00Z INFO run 12500 wrote 4096 records to /daq/run_records\n"
                        .repeat(20_000)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        PackedChunk packed =
                new ChunkPacker(store, 19).pack(0, 0, new ByteArrayInputStream(text), "text");

        assertThat(packed.level()).isEqualTo(19);
        assertThat(packed.bytesOut()).isLessThan(text.length / 10);
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(stored("text")))) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
    }

    @Test
    void shouldKeepTheConfiguredLevelForAChunkTooShortToProbe() throws Exception {
        byte[] random = new byte[4096];
        new java.util.Random(42).nextBytes(random);

        assertThat(new ChunkPacker(store, 7).levelFor(random)).isEqualTo(7);
    }

    @Test
    void shouldReportSizesAndHashesOfTheBytesBeforeAndAfterCompression() throws Exception {
        PackedChunk packed = new ChunkPacker(store, 1).pack(plan, 2, "c2");
        byte[] range = new TarRangeStream(plan, plan.chunk(2)).readAllBytes();
        byte[] stored = stored("c2");

        assertThat(packed.index()).isEqualTo(2);
        assertThat(packed.key()).isEqualTo("c2");
        assertThat(packed.offset()).isEqualTo(plan.chunk(2).start());
        assertThat(packed.bytesIn()).isEqualTo(4096).isEqualTo(range.length);
        assertThat(packed.bytesOut()).isEqualTo(stored.length);
        assertThat(packed.sha256In()).isEqualTo(Sha256.of(range)).matches("[0-9a-f]{64}");
        assertThat(packed.sha256Out()).isEqualTo(Sha256.of(stored)).matches("[0-9a-f]{64}");
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(stored))) {
            assertThat(in.readAllBytes()).isEqualTo(range);
        }
    }

    @Test
    void shouldProduceByteIdenticalObjectsWhenAChunkIsPackedAgain() throws Exception {
        ChunkPacker packer = new ChunkPacker(store, 3);

        PackedChunk first = packer.pack(plan, 0, "c0");
        PackedChunk again = packer.pack(plan, 0, "c0");

        assertThat(again).isEqualTo(first);
        assertThat(store.list("")).containsExactly("c0");
    }

    @Test
    void shouldCompressHarderAtHigherLevels() throws Exception {
        TarPlan oneChunk = FileTreePlanner.plan(plan.rootPath(), plan.streamLength());

        long fast = new ChunkPacker(store, 1).pack(oneChunk, 0, "fast").bytesOut();
        long strong = new ChunkPacker(store, 19).pack(oneChunk, 0, "strong").bytesOut();

        assertThat(strong).isLessThan(fast);
    }

    @Test
    void shouldStoreNothingWhenTheSourceChangedUnderTheChunk() throws Exception {
        Files.delete(plan.rootPath().resolve("big.bin"));
        int chunkInsideBigBin =
                (int)
                                (plan.entries().stream()
                                                .filter(e -> e.path().equals("big.bin"))
                                                .findFirst()
                                                .orElseThrow()
                                                .dataOffset()
                                        / 4096)
                        + 1;

        assertThatThrownBy(() -> new ChunkPacker(store, 3).pack(plan, chunkInsideBigBin, "doomed"))
                .isInstanceOfSatisfying(
                        SourceReadException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(SourceReadException.Reason.SOURCE_NOT_FOUND));
        assertThat(store.exists("doomed")).isFalse();
    }

    private byte[] stored(String key) throws Exception {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    private static int readIntLittleEndian(byte[] bytes) {
        return (bytes[0] & 0xff)
                | (bytes[1] & 0xff) << 8
                | (bytes[2] & 0xff) << 16
                | (bytes[3] & 0xff) << 24;
    }
}
