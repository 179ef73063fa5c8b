package dev.archiver.connectors.bench;

import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.testing.Processes;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Peak heap of planning a tree of N small files (list, lay out, serialise the plan as the run pool
 * does before storing it), to compare 10,000 with 1,000,000 files. Not a test: run by hand, e.g.
 *
 * <pre>
 * cd connectors && java -Xmx2g -XX:+UseSerialGC \
 *     -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.archiver.connectors.bench.PlanMemoryBench 10000 /var/tmp/plan-10k
 * </pre>
 *
 * Arguments: number of files, and a directory to create them in (kept, so a second run reuses it).
 * Peak heap is the sum of the heap pools' peaks after a GC reset them, which overstates the true
 * peak slightly; live heap is what stays reachable while the plan is held.
 */
public final class PlanMemoryBench {

    private PlanMemoryBench() {}

    public static void main(String[] args) throws Exception {
        int files = Integer.parseInt(args[0]);
        Path tree = Path.of(args[1]);
        if (!Files.isDirectory(tree)) {
            Files.createDirectories(tree);
            Processes.sh(
                    tree,
                    "python3 -c \"import os\nfor i in range("
                            + files
                            + "):\n d='d%04d' % (i // 1000)\n if i % 1000 == 0: os.makedirs(d,"
                            + " exist_ok=True)\n open(d + '/f%07d.log' % i, 'w').write('x' * 100)\"");
        }
        System.gc();
        long before = usedHeap();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        TarPlan plan = FileTreePlanner.plan(tree, 64L << 20);
        byte[] json = plan.toJson();
        long took = System.nanoTime() - start;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long live = usedHeap() - before;
        System.out.printf(
                Locale.ROOT,
                "%d files: %d entries, plan JSON %.1f MiB, peak heap %.1f MiB, live while held %.1f"
                        + " MiB, %.1f s%n",
                files,
                plan.entries().size(),
                json.length / 1048576.0,
                peak / 1048576.0,
                live / 1048576.0,
                took / 1e9);
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
