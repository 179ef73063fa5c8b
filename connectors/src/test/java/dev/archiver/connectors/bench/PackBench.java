package dev.archiver.connectors.bench;

import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.pack.ChunkPacker;
import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.testing.Processes;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Compares our planner+packer with {@code tar -cf - DIR | zstd -N | sha256sum} on a generated mixed
 * tree. Not a test: run by hand, e.g.
 *
 * <pre>
 * mvn -B -o -q -pl connectors verify dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * cd connectors && java -Xmx512m -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.archiver.connectors.bench.PackBench 1024 32
 * </pre>
 *
 * Arguments: tree size in MiB (default 1024), chunk size in MiB (default 32), work directory
 * (default a temp dir).
 */
public final class PackBench {

    private static final String[] WORDS =
            ("run event detector channel voltage current trigger sample "
                            + "offset gain threshold calibration status ok warn error timeout retry buffer frame packet "
                            + "sensor module crate slot board firmware version temperature humidity pressure "
                            + "alpha beta gamma delta epsilon zeta theta lambda sigma omega")
                    .split(" ");

    private static final int REPEATS = 3; // the best of three interleaved runs is reported

    private final SplittableRandom random = new SplittableRandom(20260101L);
    private long files;
    private String lastDetails = "";

    public static void main(String[] args) throws Exception {
        long sizeMiB = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        long chunkMiB = args.length > 1 ? Long.parseLong(args[1]) : 32;
        Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("pack-bench");
        new PackBench().run(sizeMiB << 20, chunkMiB << 20, work);
    }

    /** One way of archiving the tree; returns the elapsed seconds of one run. */
    private interface Contender {
        double runOnce() throws Exception;
    }

    private void run(long totalBytes, long chunkSize, Path work) throws Exception {
        Path tree = work.resolve("tree");
        long started = System.nanoTime();
        long dataBytes = generate(tree, totalBytes);
        System.out.printf(
                Locale.ROOT,
                "tree: %s, %d files, %.1f MiB of data, generated in %.1f s%n",
                tree,
                files,
                mib(dataBytes),
                seconds(System.nanoTime() - started));
        // GNU tar skips reading contents when writing to /dev/null itself, hence the cat; sync so
        // that the
        // generator's dirty pages are not written back while the first contender runs.
        Processes.sh(work, "tar -cf - tree | cat > /dev/null; sync");

        for (int level : new int[] {1, 3}) {
            Map<String, Contender> contenders = new LinkedHashMap<>();
            String base = "tar -cf - tree | zstd -" + level + " -q | sha256sum";
            contenders.put(base, () -> baselineOnce(work, base));
            contenders.put(
                    "ours -> FilesystemTierStore, 1 thread, zstd -" + level,
                    () -> oursOnce(work, tree, chunkSize, level, 1, false));
            contenders.put(
                    "ours -> FilesystemTierStore, 2 threads, zstd -" + level,
                    () -> oursOnce(work, tree, chunkSize, level, 2, false));
            contenders.put(
                    "ours -> discard (no disk), 1 thread, zstd -" + level,
                    () -> oursOnce(work, tree, chunkSize, level, 1, true));
            Map<String, double[]> runs = new LinkedHashMap<>();
            contenders.keySet().forEach(label -> runs.put(label, new double[REPEATS]));
            for (int r = 0;
                    r < REPEATS;
                    r++) { // interleaved, so background load hits every contender alike
                for (Map.Entry<String, Contender> contender : contenders.entrySet()) {
                    runs.get(contender.getKey())[r] = contender.getValue().runOnce();
                }
            }
            String size =
                    Processes.sh(work, "tar -cf - tree | zstd -" + level + " -q | wc -c")
                            .stdout()
                            .trim();
            System.out.printf(
                    Locale.ROOT,
                    "%nzstd -%d (best of %d; worst in brackets), tar|zstd stores %.1f MiB, "
                            + "ours %s%n",
                    level,
                    REPEATS,
                    mib(Long.parseLong(size)),
                    lastDetails);
            System.out.printf(
                    Locale.ROOT, "%-58s %8s %16s %8s%n", "contender", "seconds", "MB/s", "vs base");
            double baseBest = Arrays.stream(runs.get(base)).min().orElseThrow();
            for (Map.Entry<String, double[]> entry : runs.entrySet()) {
                double best = Arrays.stream(entry.getValue()).min().orElseThrow();
                double worst = Arrays.stream(entry.getValue()).max().orElseThrow();
                System.out.printf(
                        Locale.ROOT,
                        "%-58s %8.2f %7.1f (%6.1f) %7.2fx%n",
                        entry.getKey(),
                        best,
                        dataBytes / 1e6 / best,
                        dataBytes / 1e6 / worst,
                        baseBest / best);
            }
        }
        deleteTree(work);
    }

    private double baselineOnce(Path work, String command) throws Exception {
        long t0 = System.nanoTime();
        Processes.Result result = Processes.sh(work, command);
        double s = seconds(System.nanoTime() - t0);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(command + " failed: " + result.stderr());
        }
        return s;
    }

    private double oursOnce(
            Path work, Path tree, long chunkSize, int level, int threads, boolean discard)
            throws Exception {
        Path tierDir = work.resolve("tier");
        TierStore store = discard ? new DiscardingStore() : new FilesystemTierStore(tierDir);
        String runId = "bench/run-" + level;
        String archiveId = ArchiveKeys.archiveId(runId);
        long t0 = System.nanoTime();
        TarPlan plan = FileTreePlanner.plan(tree, chunkSize);
        double planSeconds = seconds(System.nanoTime() - t0);
        ChunkPacker packer = new ChunkPacker(store, level);
        List<PackedChunk> packed = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<PackedChunk>> futures = new ArrayList<>();
            for (int i = 0; i < plan.chunks().size(); i++) {
                int index = i;
                futures.add(
                        pool.submit(
                                () ->
                                        packer.pack(
                                                plan,
                                                index,
                                                ArchiveKeys.chunkKey(archiveId, index))));
            }
            for (Future<PackedChunk> future : futures) {
                packed.add(future.get());
            }
        } finally {
            pool.shutdown();
        }
        Manifests.write(
                store,
                Manifest.forTarArchive(
                        runId, tree.toUri().toString(), Instant.now(), plan, packed));
        double s = seconds(System.nanoTime() - t0);
        long stored = packed.stream().mapToLong(PackedChunk::bytesOut).sum();
        lastDetails =
                String.format(
                        Locale.ROOT,
                        "stores %.1f MiB (%d chunks, stream %.1f MiB, plan %.2f s)",
                        mib(stored),
                        plan.chunks().size(),
                        mib(plan.streamLength()),
                        planSeconds);
        deleteTree(tierDir);
        Processes.sh(work, "sync"); // the next run must not pay for this run's writeback
        return s;
    }

    /**
     * About 30% in two large files, 40% in 1-8 MiB files, 30% in small files; half text-like, half
     * random.
     */
    private long generate(Path root, long total) throws IOException {
        long written = 0;
        written += writeFile(root.resolve("large/log.txt"), (long) (total * 0.15), true);
        written += writeFile(root.resolve("large/raw.bin"), (long) (total * 0.15), false);
        long mediumTarget = written + (long) (total * 0.40);
        for (int i = 0; written < mediumTarget; i++) {
            long size = Math.min(mediumTarget - written, (1 + random.nextInt(8)) << 20);
            written +=
                    writeFile(
                            root.resolve(
                                    String.format(
                                            "medium/%03d/file-%04d.%s",
                                            i / 50, i, i % 2 == 0 ? "csv" : "dat")),
                            size,
                            i % 2 == 0);
        }
        for (int i = 0; written < total; i++) {
            long size = Math.min(total - written, 512 + random.nextInt(16 * 1024));
            written +=
                    writeFile(
                            root.resolve(
                                    String.format(
                                            "small/%03d/%05d.%s",
                                            i / 500, i, i % 4 == 3 ? "bin" : "json")),
                            size,
                            i % 4 != 3);
        }
        return written;
    }

    private long writeFile(Path file, long size, boolean text) throws IOException {
        Files.createDirectories(file.getParent());
        files++;
        if (!text) {
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 20];
                for (long left = size; left > 0; left -= buffer.length) {
                    random.nextBytes(buffer);
                    out.write(buffer, 0, (int) Math.min(left, buffer.length));
                }
            }
            return size;
        }
        // Log-like lines: compressible like real text, but never a repetition zstd could find
        // trivially.
        try (OutputStream raw = Files.newOutputStream(file);
                BufferedWriter out =
                        new BufferedWriter(
                                new java.io.OutputStreamWriter(raw, StandardCharsets.US_ASCII),
                                1 << 16)) {
            long left = size;
            StringBuilder line = new StringBuilder(160);
            long ts = 1_700_000_000_000L;
            while (left > 0) {
                line.setLength(0);
                ts += random.nextInt(1000);
                line.append(ts).append(' ').append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                for (int w = random.nextInt(4, 12); w > 0; w--) {
                    line.append(WORDS[random.nextInt(WORDS.length)])
                            .append('=')
                            .append(random.nextInt(100_000))
                            .append(' ');
                }
                line.append('\n');
                int n = (int) Math.min(left, line.length());
                out.append(line, 0, n);
                left -= n;
            }
        }
        return size;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    /** Measures packing without the store's disk write and fsync. */
    private static final class DiscardingStore implements TierStore {

        @Override
        public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
            return writer.writeTo(OutputStream.nullOutputStream());
        }

        @Override
        public InputStream open(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream openRange(String key, long offset, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectInfo stat(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean exists(String key) {
            return false;
        }

        @Override
        public List<String> list(String prefix) {
            return List.of();
        }

        @Override
        public void delete(String key) {}

        @Override
        public String location(String key) {
            return "discard:" + key;
        }
    }
}
