package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.TierStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Put and get of one object through the S3 tier on an in-process S3Proxy against the filesystem
 * tier, same data, same disk, same run; the best of three interleaved rounds is reported. Not a
 * test: run by hand, e.g.
 *
 * <pre>
 * ./mvnw -B -o -q -pl connectors test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * cd connectors &amp;&amp; java -Xmx1g -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.archiver.connectors.tier.s3.TierThroughputBench 256
 * </pre>
 *
 * Argument: object size in MiB (default 256). S3 settings are the defaults (16 MiB threshold and
 * parts).
 */
public final class TierThroughputBench {

    private static final int ROUNDS = 3;
    private static final int PIECE = 1024 * 1024;

    private TierThroughputBench() {}

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        byte[] data = new byte[mib * PIECE];
        new SplittableRandom(42).nextBytes(data); // incompressible, like zstd chunks

        Path work = Files.createTempDirectory("tier-bench-");
        try (S3ProxyServer.Standalone proxy = S3ProxyServer.standalone()) {
            S3TierSettings settings =
                    S3TierSettings.builder("bench", "us-east-1")
                            .endpoint(proxy.endpoint())
                            .pathStyle(true)
                            .credentials("bench", "bench")
                            .thawMode(ThawMode.SIMULATED)
                            .build();
            try (S3Client admin = S3Clients.create(settings)) {
                admin.createBucket(r -> r.bucket("bench"));
            }
            TierStore filesystem = new FilesystemTierStore(work.resolve("tier"));
            double[] best = {0, 0, 0, 0}; // fs put, fs get, s3 put, s3 get (MiB/s)
            try (S3TierStore s3 = new S3TierStore(settings)) {
                for (int round = 1; round <= ROUNDS; round++) {
                    String key = "bench/object-" + round;
                    best[0] = Math.max(best[0], put(filesystem, key, data));
                    best[2] = Math.max(best[2], put(s3, key, data));
                    best[1] = Math.max(best[1], get(filesystem, key, data.length));
                    best[3] = Math.max(best[3], get(s3, key, data.length));
                    filesystem.delete(key);
                    s3.delete(key);
                }
            }
            System.out.printf(
                    Locale.ROOT, "object %d MiB, best of %d rounds (MiB/s)%n", mib, ROUNDS);
            System.out.printf(Locale.ROOT, "filesystem  put %8.1f  get %8.1f%n", best[0], best[1]);
            System.out.printf(Locale.ROOT, "s3 (proxy)  put %8.1f  get %8.1f%n", best[2], best[3]);
            System.out.printf(
                    Locale.ROOT,
                    "s3/filesystem  put %.2f  get %.2f%n",
                    best[2] / best[0],
                    best[3] / best[1]);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double put(TierStore store, String key, byte[] data) throws Exception {
        long start = System.nanoTime();
        store.put(
                key,
                out -> {
                    for (int i = 0; i < data.length; i += PIECE) {
                        out.write(data, i, Math.min(PIECE, data.length - i));
                    }
                    return null;
                });
        return rate(data.length, System.nanoTime() - start);
    }

    private static double get(TierStore store, String key, long expected) throws Exception {
        byte[] buffer = new byte[PIECE];
        long total = 0;
        long start = System.nanoTime();
        try (InputStream in = store.open(key)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
        }
        long nanos = System.nanoTime() - start;
        if (total != expected) {
            throw new IllegalStateException("read " + total + " bytes of " + expected);
        }
        return rate(total, nanos);
    }

    private static double rate(long bytes, long nanos) {
        return bytes / 1048576.0 / (nanos / 1e9);
    }
}
