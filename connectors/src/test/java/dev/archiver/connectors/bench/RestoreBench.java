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
        double baseArchiveCpu =
                childCpu(
                        work,
                        "tar -cf - -C '" + tree + "' . | zstd -" + level + " -q -T1 | sha256sum");
        double baseArchive = seconds(System.nanoTime() - t0);
        for (boolean probe : new boolean[] {false, true}) {
            FilesystemTierStore scratch = new FilesystemTierStore(work.resolve("probe-" + probe));
            TarPlan scratchPlan = FileTreePlanner.plan(tree, chunkSize);
            ChunkPacker packer =
                    probe
                            ? new ChunkPacker(scratch, level)
                            : ChunkPacker.withoutProbe(scratch, level);
            long cpu = cpu();
            long start = System.nanoTime();
            long out = 0;
            for (int i = 0; i < scratchPlan.chunks().size(); i++) {
                out += packer.pack(scratchPlan, i, "c" + i).bytesOut();
            }
            System.out.printf(
                    Locale.ROOT,
                    "pack on one thread, probe %s: %.2f s wall, %.2f s cpu, %d MiB stored%n",
                    probe,
                    seconds(System.nanoTime() - start),
                    seconds(cpu() - cpu),
                    out >> 20);
            Processes.sh(work, "rm -rf '" + work.resolve("probe-" + probe) + "'");
        }

        FilesystemTierStore store = new FilesystemTierStore(work.resolve("tier"));
        t0 = System.nanoTime();
        long archiveCpu = cpu();
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
        archiveCpu = cpu() - archiveCpu;
        long ones = packed.stream().filter(p -> p.level() == 1).count();
        Manifest manifest =
                Manifest.forTarArchive(runId, tree.toUri().toString(), Instant.now(), plan, packed);

        Path chunks = work.resolve("tier/archives/" + archiveId);
        Path baseOut = Files.createDirectories(work.resolve("base-out"));
        Processes.sh(work, "cat '" + chunks + "'/chunk-* >/dev/null; sync");
        t0 = System.nanoTime();
        double baseRestoreCpu =
                childCpu(
                        work,
                        "cat '" + chunks + "'/chunk-* | zstd -d -q | tar -x -C '" + baseOut + "'");
        double baseRestore = seconds(System.nanoTime() - t0);
        Processes.sh(work, "sync");
        t0 = System.nanoTime();
        long restoreCpu = cpu();
        ThreadCpu threads = ThreadCpu.start();
        ArchiveRestorer.restore(
                store, manifest, work.resolve("out"), ConflictPolicy.FAIL, RestoreListener.NONE);
        double restore = seconds(System.nanoTime() - t0);
        restoreCpu = cpu() - restoreCpu;
        System.out.println("restore, cpu per thread: " + threads.stop());
        System.out.printf(
                Locale.ROOT,
                "cpu: archive ours %.2f s, baseline %.2f s; restore ours %.2f s, baseline %.2f s%n",
                seconds(archiveCpu),
                baseArchiveCpu,
                seconds(restoreCpu),
                baseRestoreCpu);

        System.out.printf(
                Locale.ROOT,
                "%d chunks (%d at level 1 by the probe), planning %.2f s%n"
                        + "archive: ours %.2f s (planning + 2 packers), baseline %.2f s, ratio %.2f%n"
                        + "restore: ours %.2f s, baseline %.2f s, ratio %.2f%n",
                packed.size(),
                ones,
                planning,
                ours,
                baseArchive,
                baseArchive / ours,
                restore,
                baseRestore,
                baseRestore / restore);
    }

    /** Samples every thread's CPU time until stopped; the busiest threads' seconds. */
    private static final class ThreadCpu implements Runnable {

        /** A thread's CPU and user time so far, in ns. */
        private record Times(long cpu, long user) {}

        private final java.util.Map<String, Times> first = new java.util.HashMap<>();
        private final java.util.Map<String, Times> last = new java.util.HashMap<>();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this, "thread-cpu-sampler");

        static ThreadCpu start() {
            ThreadCpu sampler = new ThreadCpu();
            sampler.sample();
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void sample() {
            java.lang.management.ThreadMXBean mx =
                    java.lang.management.ManagementFactory.getThreadMXBean();
            for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                Times times =
                        new Times(
                                mx.getThreadCpuTime(info.getThreadId()),
                                mx.getThreadUserTime(info.getThreadId()));
                if (times.cpu() >= 0 && times.user() >= 0) {
                    String name = info.getThreadName() + "#" + info.getThreadId();
                    first.putIfAbsent(name, times);
                    last.put(name, times);
                }
            }
        }

        synchronized String stop() {
            running = false;
            thread.interrupt();
            sample();
            StringBuilder text = new StringBuilder();
            last.entrySet().stream()
                    .map(
                            e ->
                                    java.util.Map.entry(
                                            e.getKey(),
                                            new Times(
                                                    e.getValue().cpu()
                                                            - first.get(e.getKey()).cpu(),
                                                    e.getValue().user()
                                                            - first.get(e.getKey()).user())))
                    .filter(e -> e.getValue().cpu() > 50_000_000L)
                    .sorted(
                            java.util.Comparator.comparingLong(
                                            (java.util.Map.Entry<String, Times> e) ->
                                                    e.getValue().cpu())
                                    .reversed())
                    .forEach(
                            e ->
                                    text.append(
                                            String.format(
                                                    Locale.ROOT,
                                                    "%s %.2f s (user %.2f s); ",
                                                    e.getKey(),
                                                    seconds(e.getValue().cpu()),
                                                    seconds(e.getValue().user()))));
            return text.toString();
        }
    }

    /** CPU time of this process so far, all threads (GC and JIT included), in ns. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Runs {@code script} in bash; the user + system CPU seconds of its children. */
    private static double childCpu(Path work, String script) throws Exception {
        Processes.Result result = Processes.sh(work, "bash -c \"" + script + "; times\"");
        List<String> lines = result.stdout().strip().lines().toList();
        String children = lines.get(lines.size() - 1).trim(); // "0m1.234s 0m0.456s"
        int space = children.indexOf(' ');
        return parseTimes(children.substring(0, space))
                + parseTimes(children.substring(space + 1).trim());
    }

    private static double parseTimes(String text) { // 0m1.234s
        int m = text.indexOf('m');
        return Integer.parseInt(text.substring(0, m)) * 60
                + Double.parseDouble(text.substring(m + 1, text.length() - 1));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
