package dev.archiver.connectors.bench;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.restore.ArchiveRestorer;
import dev.archiver.connectors.restore.ConflictPolicy;
import dev.archiver.connectors.restore.RestoreJournal;
import dev.archiver.connectors.restore.RestoreListener;
import dev.archiver.connectors.testing.Archives;
import dev.archiver.connectors.testing.Processes;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Live heap a restore holds per entry: archives a tree of N files of 100 bytes (1000 to a
 * directory), then restores it with a journal file, measuring the heap still reachable (after a GC)
 * when the last entry is being put in place, against the heap before the restore. Not a test: run
 * by hand, in a JVM of its own per size, e.g.
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -pl connectors -Dmdep.outputFile=/tmp/cp.txt
 * cd connectors && java -Xmx3g -XX:+UseSerialGC \
 *     -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.archiver.connectors.bench.RestoreMemoryBench 100000 /var/tmp/restore-mem
 * </pre>
 */
public final class RestoreMemoryBench {

    private RestoreMemoryBench() {}

    public static void main(String[] args) throws Exception {
        int files = Integer.parseInt(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]).resolve("n" + files));
        Path tree = work.resolve("tree");
        PlanMemoryBench.makeTree(tree, files);
        FilesystemTierStore store = new FilesystemTierStore(work.resolve("tier"));
        Manifest manifest = Archives.archive(store, "mem-" + files, tree, 64L << 20);
        long entries = (long) files + files / 1000 + 1;

        long before = liveHeap();
        long[] atEnd = {-1};
        RestoreListener listener =
                new RestoreListener() {
                    @Override
                    public void progress(long bytes, long done) {
                        if (atEnd[0] < 0 && done >= files) {
                            atEnd[0] = liveHeap();
                            if (Boolean.getBoolean("histogram")) {
                                printHistogram();
                            }
                        }
                    }

                    @Override
                    public void staged(long bytes, long done) {}
                };
        try (RestoreJournal journal =
                RestoreJournal.open(work.resolve("journal"), work.resolve("out"))) {
            ArchiveRestorer.restore(
                    store, manifest, work.resolve("out"), ConflictPolicy.FAIL, listener, journal);
        }
        long held = atEnd[0] - before;
        System.out.printf(
                Locale.ROOT,
                "%d files: live heap before %.1f MiB, while the last entry is put in place %.1f MiB:"
                        + " %.1f MiB held, %d bytes per entry%n",
                files,
                before / 1048576.0,
                atEnd[0] / 1048576.0,
                held / 1048576.0,
                held / entries);
        Processes.sh(work.getParent(), "rm -rf '" + work + "'");
    }

    /** The largest classes on the heap now (-Dhistogram=true), to see what the entries hold. */
    private static void printHistogram() {
        try {
            Process jcmd =
                    new ProcessBuilder(
                                    "jcmd",
                                    Long.toString(ProcessHandle.current().pid()),
                                    "GC.class_histogram")
                            .redirectErrorStream(true)
                            .start();
            String text =
                    new String(
                            jcmd.getInputStream().readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8);
            text.lines().limit(25).forEach(System.out::println);
        } catch (java.io.IOException e) {
            System.out.println("no histogram: " + e);
        }
    }

    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
