package dev.archiver.connectors.tier.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.tier.TierStoreContract;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3TierStoreTest extends TierStoreContract {

    private static final long MIB = 1024 * 1024;

    @RegisterExtension static final S3ProxyServer S3PROXY = new S3ProxyServer();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** S3 operations sent by the store under test, by name (one per attempt). */
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private S3TierSettings settings;
    private S3Client admin;

    @Override
    protected TierStore newStore() {
        settings =
                S3PROXY.newBucket(testName)
                        .keyPrefix("archiver/")
                        .multipartThreshold(5 * MIB)
                        .partSize(5 * MIB)
                        .build();
        admin = track(S3Clients.create(settings));
        return storeWith(settings, Clock.systemUTC());
    }

    @Override
    protected void corruptStoredObject(String key) throws IOException {
        Path file = S3PROXY.file(settings.bucket(), settings.keyPrefix() + key);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        try (java.nio.channels.FileChannel channel =
                java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(
                    java.nio.ByteBuffer.wrap(
                            bytes)); // in place: S3Proxy keeps the metadata in xattrs
        }
    }

    @Override
    protected String expectedStorageClass() {
        return "STANDARD";
    }

    @Override
    protected int largeObjectSize() {
        return (int) (6 * MIB); // above the 5 MiB threshold: a multipart upload
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void shouldKeepObjectsUnderTheKeyPrefixAndLocateThemAsS3Uris() throws Exception {
        store.putBytes("archives/a/manifest.json", bytes("{}"));

        assertThat(admin.listObjectsV2(r -> r.bucket(settings.bucket())).contents())
                .extracting(o -> o.key())
                .containsExactly("archiver/archives/a/manifest.json");
        assertThat(store.location("archives/a/manifest.json"))
                .isEqualTo("s3://" + settings.bucket() + "/archiver/archives/a/manifest.json");
    }

    @ParameterizedTest
    @EnumSource(S3StorageClass.class)
    void shouldWriteInTheConfiguredStorageClass(S3StorageClass storageClass) throws Exception {
        TierStore classed =
                storeWith(
                        settings.toBuilder().storageClass(storageClass).build(), Clock.systemUTC());
        byte[] large = randomBytes((int) (6 * MIB), 1);

        classed.putBytes("small", bytes("x"));
        classed.putBytes("large", large);

        for (String key : new String[] {"small", "large"}) {
            HeadObjectResponse head =
                    admin.headObject(r -> r.bucket(settings.bucket()).key("archiver/" + key));
            assertThat(S3TierStore.storageClassOf(head.storageClassAsString()))
                    .as(key)
                    .isEqualTo(storageClass.name());
            assertThat(classed.stat(key).storageClass()).as(key).isEqualTo(storageClass.name());
        }
    }

    @Test
    void shouldUploadAnObjectAboveTheThresholdInPartsWithItsSha256() throws Exception {
        byte[] data = randomBytes((int) (12 * MIB), 2);

        store.put(
                "big",
                out -> {
                    for (int i = 0; i < data.length; i += 100_000) { // in writer-sized pieces
                        out.write(data, i, Math.min(100_000, data.length - i));
                    }
                    return null;
                });

        assertThat(count("UploadPart")).isEqualTo(3);
        assertThat(count("CompleteMultipartUpload")).isEqualTo(1);
        assertThat(count("PutObject")).as("only the SHA-256 side object").isEqualTo(1);
        ObjectInfo info = store.stat("big");
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.sha256()).contains(Sha256.of(data));
        try (InputStream in = store.openVerified("big")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertNothingLeftOver();
    }

    @Test
    void shouldReportTheSha256OfTheCurrentVersionAfterAMultipartObjectIsReplaced()
            throws Exception {
        byte[] first = randomBytes((int) (6 * MIB), 30);
        byte[] second = randomBytes((int) (7 * MIB), 31);
        store.putBytes("big", first);

        store.putBytes("big", second);
        assertThat(store.stat("big").sha256()).contains(Sha256.of(second));
        store.putBytes("big", bytes("small now"));
        assertThat(store.stat("big").sha256()).contains(Sha256.of(bytes("small now")));
        store.putBytes("big", first);
        assertThat(store.stat("big").sha256()).contains(Sha256.of(first));
    }

    @Test
    void shouldReportNoSha256ForAMultipartObjectWhoseSideObjectIsMissing() throws Exception {
        store.putBytes("big", randomBytes((int) (6 * MIB), 32));

        admin.deleteObject(r -> r.bucket(settings.bucket()).key("archiver/.sha256/big"));

        assertThat(store.stat("big").sha256()).isEmpty();
        try (InputStream in = store.openVerified("big")) {
            assertThat(in.readAllBytes()).hasSize((int) (6 * MIB));
        }
    }

    @Test
    void shouldSendOneSinglePutUpToTheThreshold() throws Exception {
        byte[] data = randomBytes((int) (5 * MIB), 4);

        store.putBytes("k", data);

        assertThat(count("PutObject")).isEqualTo(1);
        assertThat(count("CreateMultipartUpload")).isZero();
        assertThat(store.stat("k").sha256()).contains(Sha256.of(data));
    }

    @Test
    void shouldLeaveNoObjectAndNoOpenUploadWhenAWriterFailsMidMultipart() throws Exception {
        assertThatThrownBy(
                        () ->
                                store.put(
                                        "big",
                                        out -> {
                                            out.write(
                                                    randomBytes(
                                                            (int) (11 * MIB), 5)); // two parts sent
                                            throw new IllegalStateException("writer failed");
                                        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("writer failed");

        assertThat(count("UploadPart")).isEqualTo(2);
        assertThat(count("AbortMultipartUpload")).isEqualTo(1);
        assertThat(store.exists("big")).isFalse();
        assertThat(admin.listObjectsV2(r -> r.bucket(settings.bucket())).contents()).isEmpty();
        assertNothingLeftOver();
    }

    @Test
    void shouldAbortOnlyUploadsOlderThanTheThreshold() throws Exception {
        String key = "archiver/left-by-a-crash";
        String uploadId =
                admin.createMultipartUpload(r -> r.bucket(settings.bucket()).key(key)).uploadId();
        admin.uploadPart(
                r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(randomBytes(1000, 6)));
        MutableClock clock = new MutableClock(Instant.now());
        S3TierStore cleaner = storeWith(settings, clock);

        assertThat(cleaner.abortStaleUploads(Duration.ofHours(1))).isZero();
        assertThat(admin.listMultipartUploads(r -> r.bucket(settings.bucket())).uploads())
                .hasSize(1);
        clock.advance(Duration.ofHours(2));
        assertThat(cleaner.abortStaleUploads(Duration.ofHours(1))).isEqualTo(1);

        assertNothingLeftOver();
        assertThat(cleaner.list("")).isEmpty();
    }

    @Test
    void shouldGiveARetriableFailureAfterBoundedRetriesWhenTheEndpointRefusesConnections()
            throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        S3TierStore refused =
                storeWith(
                        settings.toBuilder()
                                .endpoint(java.net.URI.create("http://127.0.0.1:" + closedPort))
                                .maxAttempts(3)
                                .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                                .build(),
                        Clock.systemUTC());
        long start = System.nanoTime();

        assertThatThrownBy(() -> refused.putBytes("k", bytes("x")))
                .isInstanceOfSatisfying(
                        TierStoreException.class,
                        e -> {
                            assertThat(e.retriable()).isTrue();
                            assertThat(e.getMessage()).contains("after 3 attempts");
                        });
        assertThatThrownBy(() -> refused.open("k"))
                .isInstanceOfSatisfying(
                        TierStoreException.class, e -> assertThat(e.retriable()).isTrue());
        assertThatThrownBy(() -> refused.exists("k"))
                .isInstanceOfSatisfying(
                        TierStoreException.class, e -> assertThat(e.retriable()).isTrue());

        assertThat(count("PutObject")).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldGiveAPermanentFailureWithoutRetriesForAMissingBucket() throws Exception {
        S3TierStore missing =
                storeWith(
                        S3PROXY.settings("no-such-bucket-" + testName.length()).build(),
                        Clock.systemUTC());

        assertThatThrownBy(missing::checkBucket)
                .isInstanceOfSatisfying(
                        TierStoreException.class, e -> assertThat(e.retriable()).isFalse());
        assertThatThrownBy(() -> missing.open("k"))
                .isInstanceOfSatisfying(
                        TierStoreException.class,
                        e -> {
                            assertThat(e.retriable()).isFalse();
                            assertThat(e.getMessage())
                                    .contains("NoSuchBucket")
                                    .contains("after 1 attempt:");
                        });
        // A server may close the connection after refusing a body it did not read; the next call on
        // it is retried.
        assertThatThrownBy(() -> missing.putBytes("k", bytes("x")))
                .isInstanceOfSatisfying(
                        TierStoreException.class,
                        e -> {
                            assertThat(e.retriable()).isFalse();
                            assertThat(e.getMessage()).contains("NoSuchBucket");
                        });
        assertThatThrownBy(() -> missing.list(""))
                .isInstanceOfSatisfying(
                        TierStoreException.class, e -> assertThat(e.retriable()).isFalse());
        assertThat(count("GetObject")).as("a permanent failure is not retried").isEqualTo(1);
    }

    @Test
    void shouldRefuseTheStoresOwnKeysAndNeverListThem() throws Exception {
        for (String key : new String[] {".sha256/x", ".thaw/x", ".sha256", ".thaw"}) {
            assertThatThrownBy(() -> store.putBytes(key, bytes("x")))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        admin.putObject(
                r -> r.bucket(settings.bucket()).key("archiver/.thaw/k"),
                RequestBody.fromBytes(bytes("x")));
        store.putBytes("k", randomBytes((int) (6 * MIB), 8)); // multipart: has a side object

        assertThat(store.list("")).containsExactly("k");
    }

    @Test
    void shouldKeepCredentialsOutOfTheSettingsText() {
        S3TierSettings withKeys =
                settings.toBuilder().credentials("AKIAEXAMPLEKEYID", "very-secret-value").build();

        assertThat(withKeys.toString())
                .doesNotContain("AKIAEXAMPLEKEYID")
                .doesNotContain("very-secret-value")
                .contains("redacted");
    }

    @Test
    void shouldRefuseAPartSizeBelowS3sMinimum() {
        assertThatThrownBy(() -> settings.toBuilder().partSize(5 * MIB - 1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partSize");
    }

    private void assertNothingLeftOver() {
        assertThat(admin.listMultipartUploads(r -> r.bucket(settings.bucket())).uploads())
                .isEmpty();
    }

    private int count(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private S3TierStore storeWith(S3TierSettings s, Clock clock) {
        ExecutionInterceptor counter =
                new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(
                            Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        calls.computeIfAbsent(
                                        attributes.getAttribute(
                                                SdkExecutionAttribute.OPERATION_NAME),
                                        k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                };
        return track(new S3TierStore(s, S3Clients.create(s, List.of(counter)), true, clock));
    }

    private <T extends AutoCloseable> T track(T closeable) {
        toClose.add(closeable);
        return closeable;
    }
}
