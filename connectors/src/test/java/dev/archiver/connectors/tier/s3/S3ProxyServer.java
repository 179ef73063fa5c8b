package dev.archiver.connectors.tier.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One in-process S3Proxy per test JVM (started by the first test class that registers this
 * extension, stopped when the JVM's tests are done), backed by files under a temporary directory.
 * Each test takes its own bucket.
 */
public final class S3ProxyServer implements BeforeAllCallback {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running =
                context.getRoot()
                        .getStore(ExtensionContext.Namespace.GLOBAL)
                        .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + running.proxy.getPort());
    }

    /**
     * Where the proxy keeps the object {@code objectKey} of {@code bucket} (to corrupt it behind
     * its back).
     */
    public Path file(String bucket, String objectKey) {
        return running.baseDir.resolve(bucket).resolve(objectKey);
    }

    /** Settings for a new, empty bucket named after the test. */
    public S3TierSettings.Builder newBucket(String testName) {
        String name =
                ("t"
                                + BUCKETS.incrementAndGet()
                                + "-"
                                + testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"))
                        .replaceAll("-+$", "");
        String bucket = name.length() > 50 ? name.substring(0, 50).replaceAll("-+$", "") : name;
        S3TierSettings.Builder settings = settings(bucket);
        try (S3Client s3 = S3Clients.create(settings.build())) {
            s3.createBucket(r -> r.bucket(bucket));
        }
        return settings;
    }

    /** Settings for {@code bucket} on this proxy, whether it exists or not. */
    public S3TierSettings.Builder settings(String bucket) {
        return S3TierSettings.builder(bucket, "us-east-1")
                .endpoint(endpoint())
                .pathStyle(true)
                .credentials("test-access-key", "test-secret-key")
                .thawMode(ThawMode.SIMULATED) // S3Proxy has no Glacier semantics
                .maxAttempts(3)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(100));
    }

    /** Closed by JUnit with the root store (it closes stored AutoCloseables). */
    /** An S3Proxy outside JUnit (for the bench): its endpoint, and where its files are. */
    public static Standalone standalone() {
        return new Standalone(Running.start());
    }

    public static final class Standalone implements AutoCloseable {
        private final Running running;

        private Standalone(Running running) {
            this.running = running;
        }

        public URI endpoint() {
            return URI.create("http://127.0.0.1:" + running.proxy.getPort());
        }

        public Path baseDir() {
            return running.baseDir;
        }

        @Override
        public void close() throws Exception {
            running.close();
        }
    }

    private static final class Running implements AutoCloseable {
        private final S3Proxy proxy;
        private final Path baseDir;

        private Running(S3Proxy proxy, Path baseDir) {
            this.proxy = proxy;
            this.baseDir = baseDir;
        }

        static Running start() {
            try {
                Path baseDir = Files.createTempDirectory("s3proxy-");
                Properties properties = new Properties();
                properties.setProperty("jclouds.filesystem.basedir", baseDir.toString());
                S3Proxy proxy =
                        S3Proxy.builder()
                                .blobStore(BlobStores.create("filesystem-nio2", properties))
                                .endpoint(URI.create("http://127.0.0.1:0"))
                                .awsAuthentication(AuthenticationType.NONE, null, null)
                                .build();
                proxy.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!"STARTED".equals(proxy.getState())) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "S3Proxy did not start: " + proxy.getState());
                    }
                    Thread.sleep(10);
                }
                return new Running(proxy, baseDir);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start S3Proxy", e);
            }
        }

        @Override
        public void close() throws Exception {
            proxy.stop();
            try (Stream<Path> files = Files.walk(baseDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // best effort: a temp directory
                    }
                }
            }
        }
    }
}
