package dev.archiver.connectors.bench;

import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.PagedPlan;
import dev.archiver.connectors.file.TarLayout;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.file.TarRangeStream;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.plan.StoredPlans;
import dev.archiver.connectors.testing.Processes;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.TierStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Peak heap of what the service does with a plan, to compare 10,000 with 1,000,000 files: plan the
 * tree and store the plan in a (filesystem) tier, then read it back as a chunk writer does and
 * render the middle chunk's byte range (its tar bytes, from the files; not compressed: the packer's
 * buffers are fixed). Not a test: run by hand, e.g.
 *
 * <pre>
 * ./mvnw -o -q test-compile -pl connectors -am
 * ./mvnw -o -q dependency:build-classpath -pl connectors -Dmdep.outputFile=/tmp/cp.txt
 * cd connectors && java -Xmx3g -XX:+UseSerialGC \
 *     -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.archiver.connectors.bench.PlanMemoryBench paged 10000 /var/tmp/plan-10k
 * </pre>
 *
 * Arguments: {@code paged} (the service's way: pages written during the walk, the chunk writer
 * reads the pages of its range) or {@code whole} (format 1 as stored before: the whole plan listed,
 * serialised as one document, and read back whole by the chunk writer); the number of files (of 100
 * bytes, 1000 to a directory); a directory to create them in (kept, so a second run reuses it).
 * Each mode in its own JVM. Peak heap is the sum of the heap pools' peaks after a GC reset them,
 * which overstates the true peak slightly; live heap is what stays reachable while the chunk
 * writer's view of the plan is held.
 */
public final class PlanMemoryBench {

    private static final long CHUNK_SIZE = 64L << 20;

    private PlanMemoryBench() {}

    /** Makes {@code files} files of 100 bytes under {@code tree}, 1000 to a directory. */
    static void makeTree(Path tree, int files) throws Exception {
        Files.createDirectories(tree);
        Processes.sh(
                tree,
                "python3 -c \"import os\nfor i in range("
                        + files
                        + "):\n d='d%04d' % (i // 1000)\n if i % 1000 == 0: os.makedirs(d,"
                        + " exist_ok=True)\n open(d + '/f%07d.log' % i, 'w').write('x' * 100)\"");
    }

    public static void main(String[] args) throws Exception {
        boolean paged =
                switch (args[0]) {
                    case "paged" -> true;
                    case "whole" -> false;
                    default ->
                            throw new IllegalArgumentException(
                                    "mode is paged or whole: " + args[0]);
                };
        int files = Integer.parseInt(args[1]);
        Path tree = Path.of(args[2]);
        if (!Files.isDirectory(tree)) {
            makeTree(tree, files);
        }
        Path tierDir = Files.createTempDirectory("plan-memory-bench");
        TierStore tier = new FilesystemTierStore(tierDir);
        String planKey = ArchiveKeys.planKey(ArchiveKeys.archiveId("bench-" + files));

        System.gc();
        long before = usedHeap();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        if (paged) {
            StoredPlans.write(tree, CHUNK_SIZE, tier, planKey);
        } else {
            TarPlan plan = FileTreePlanner.plan(tree, CHUNK_SIZE);
            tier.putBytes(planKey, plan.toJson());
        }
        long planned = System.nanoTime();
        // As a chunk writer: the plan read back from the tier, one chunk's range rendered.
        TarLayout layout = StoredPlans.open(tier, planKey);
        int chunk = layout.chunkCount() / 2;
        long rendered;
        try (InputStream in = new TarRangeStream(layout, layout.chunk(chunk))) {
            rendered = in.transferTo(OutputStream.nullOutputStream());
        }
        long took = System.nanoTime() - start;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long live = usedHeap() - before;
        long stored = 0;
        int objects = 0;
        for (String key : tier.list("archives/")) {
            stored += tier.size(key);
            objects++;
        }
        System.out.printf(
                Locale.ROOT,
                "%s %d files: %d entries, plan %.1f MiB in %d object(s), chunk %d of %d (%.1f MiB)"
                        + " rendered, peak heap %.1f MiB, live while the plan is held %.1f MiB,"
                        + " plan %.1f s, all %.1f s%n",
                args[0],
                files,
                layout.fileCount() + layout.dirCount() + layout.symlinkCount(),
                stored / 1048576.0,
                objects,
                chunk,
                layout.chunkCount(),
                rendered / 1048576.0,
                peak / 1048576.0,
                live / 1048576.0,
                (planned - start) / 1e9,
                took / 1e9);
        if (layout instanceof PagedPlan p) {
            System.out.printf(Locale.ROOT, "pages: %d%n", p.index().pages().size());
        }
        for (String key : tier.list("archives/")) {
            tier.delete(key);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
