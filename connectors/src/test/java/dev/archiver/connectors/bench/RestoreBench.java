package dev.archiver.connectors.bench;

import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.pack.ChunkPacker;
import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.restore.ArchiveRestorer;
import dev.archiver.connectors.restore.ConflictPolicy;
import dev.archiver.connectors.restore.RestoreListener;
import dev.archiver.connectors.testing.Processes;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times the connectors' archive (planner + packer on two threads) and restore ({@link
 * ArchiveRestorer}) of a tree made by {@code ops/scripts/bench-tree.py}, beside {@code tar -cf - |
 * zstd -3 -T1 | sha256sum} and {@code cat chunk-* | zstd -d | tar -x} on the same data in the same
 * run, without Kafka around them. Not a test: run by hand, e.g.
 *
 * <pre>
 * mvn -B -o -q -pl connectors test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * cd connectors && java -Xmx512m -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.archiver.connectors.bench.RestoreBench /var/tmp/tree-1024 64 3
 * </pre>
 *
 * Arguments: an existing tree, chunk size in MiB (default 64), zstd level (default 3).
 */
public final class RestoreBench {

    private RestoreBench() {}

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]).toAbsolutePath();
        long chunkSize = (args.length > 1 ? Long.parseLong(args[1]) : 64) << 20;
        int level = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path work = Files.createTempDirectory(Path.of("/var/tmp"), "restore-bench-");
        try {
            run(tree, chunkSize, level, work);
        } finally {
            Processes.sh(work.getParent(), "rm -rf '" + work + "'");
        }
    }

    private static void run(Path tree, long chunkSize, int level, Path work) throws Exception {
        Processes.sh(work, "find '" + tree + "' -type f -print0 | xargs -0 cat >/dev/null; sync");
        long t0 = System.nanoTime();
        Processes.sh(
                work, "tar -cf - -C '" + tree + "' . | zstd -" + level + " -q -T1 | sha256sum");
        double baseArchive = seconds(System.nanoTime() - t0);

        FilesystemTierStore store = new FilesystemTierStore(work.resolve("tier"));
        t0 = System.nanoTime();
        TarPlan plan = FileTreePlanner.plan(tree, chunkSize);
        double planning = seconds(System.nanoTime() - t0);
        String runId = "bench-" + Long.toHexString(System.nanoTime());
        String archiveId = ArchiveKeys.archiveId(runId);
        List<PackedChunk> packed = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            ChunkPacker packer = new ChunkPacker(store, level);
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
        double ours = seconds(System.nanoTime() - t0);
        long ones = packed.stream().filter(p -> p.level() == 1).count();
        Manifest manifest =
                Manifest.forTarArchive(runId, tree.toUri().toString(), Instant.now(), plan, packed);

        Path chunks = work.resolve("tier/archives/" + archiveId);
        Path baseOut = Files.createDirectories(work.resolve("base-out"));
        Processes.sh(work, "cat '" + chunks + "'/chunk-* >/dev/null; sync");
        t0 = System.nanoTime();
        Processes.sh(
                work, "cat '" + chunks + "'/chunk-* | zstd -d -q | tar -x -C '" + baseOut + "'");
        double baseRestore = seconds(System.nanoTime() - t0);
        Processes.sh(work, "sync");
        t0 = System.nanoTime();
        ArchiveRestorer.restore(
                store, manifest, work.resolve("out"), ConflictPolicy.FAIL, RestoreListener.NONE);
        double restore = seconds(System.nanoTime() - t0);

        System.out.printf(
                Locale.ROOT,
                "%d chunks (%d at level 1 by the probe), planning %.2f s%n"
                        + "archive: ours %.2f s (planning + 2 packers), baseline %.2f s, ratio %.2f%n"
                        + "restore: ours %.2f s, baseline %.2f s, ratio %.2f%n",
                packed.size(),
                ones,
                planning,
                planning + ours,
                baseArchive,
                baseArchive / (planning + ours),
                restore,
                baseRestore,
                baseRestore / restore);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
