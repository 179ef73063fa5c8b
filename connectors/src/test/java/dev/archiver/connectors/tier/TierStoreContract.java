package dev.archiver.connectors.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What every {@link TierStore} promises, whatever the storage behind it. A new store (S3, ...) gets
 * these tests by extending this class and returning a fresh, empty store.
 */
public abstract class TierStoreContract {

    protected TierStore store;

    /** The running test's method name, for stores that name their resources after it. */
    protected String testName;

    /** A fresh, empty store for each test. */
    protected abstract TierStore newStore() throws Exception;

    /** Flips one byte of the stored object behind the store's back, keeping its size. */
    protected abstract void corruptStoredObject(String key) throws Exception;

    /** The storage class the store reports for what it writes. */
    protected abstract String expectedStorageClass();

    /**
     * Longer than whatever the store holds in memory for one put, so a put of it streams in pieces.
     */
    protected int largeObjectSize() {
        return 256 * 1024;
    }

    @BeforeEach
    void createStore(TestInfo info) throws Exception {
        testName = info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        store = newStore();
    }

    @Test
    void shouldReadBackExactlyWhatWasPut() throws Exception {
        store.putBytes("archives/a/chunk-000000.tar.zst", bytes("hello"));

        assertThat(read("archives/a/chunk-000000.tar.zst")).isEqualTo("hello");
        assertThat(store.size("archives/a/chunk-000000.tar.zst")).isEqualTo(5);
        assertThat(store.exists("archives/a/chunk-000000.tar.zst")).isTrue();
    }

    @Test
    void shouldReturnWhatTheWriterComputedWhileStreaming() throws Exception {
        Long written =
                store.put(
                        "k",
                        out -> {
                            for (int i = 0; i < 1000; i++) {
                                out.write(bytes("0123456789"));
                            }
                            return 10_000L;
                        });

        assertThat(written).isEqualTo(10_000L);
        assertThat(store.size("k")).isEqualTo(10_000L);
    }

    @Test
    void shouldReplaceAnObjectWhenTheSameKeyIsPutAgain() throws Exception {
        store.putBytes("k", bytes("first version, longer"));
        store.putBytes("k", bytes("second"));

        assertThat(read("k")).isEqualTo("second");
        assertThat(store.list("")).containsExactly("k");
    }

    @Test
    void shouldNotShowAnObjectWhileItIsBeingWritten() throws Exception {
        store.put(
                "k",
                out -> {
                    out.write(bytes("partial"));
                    out.flush();
                    assertThat(store.exists("k")).isFalse();
                    assertThat(store.list("")).isEmpty();
                    return null;
                });

        assertThat(read("k")).isEqualTo("partial");
    }

    @Test
    void shouldKeepServingThePreviousVersionWhileANewOneIsBeingWritten() throws Exception {
        store.putBytes("k", bytes("old"));

        store.put(
                "k",
                out -> {
                    out.write(bytes("new"));
                    out.flush();
                    assertThat(read("k")).isEqualTo("old");
                    return null;
                });

        assertThat(read("k")).isEqualTo("new");
    }

    @Test
    void shouldLeaveNothingBehindWhenTheWriterFails() throws Exception {
        store.putBytes("kept", bytes("old"));

        assertThatThrownBy(
                        () ->
                                store.put(
                                        "kept",
                                        out -> {
                                            out.write(bytes("half of the new"));
                                            throw new IOException("source went away");
                                        }))
                .isInstanceOf(IOException.class)
                .hasMessage("source went away");
        assertThatThrownBy(
                        () ->
                                store.put(
                                        "fresh",
                                        out -> {
                                            out.write(bytes("half"));
                                            throw new IllegalStateException("bug");
                                        }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(read("kept")).isEqualTo("old");
        assertThat(store.exists("fresh")).isFalse();
        assertThat(store.list("")).containsExactly("kept");
    }

    @Test
    void shouldSurviveAWriterThatClosesTheStreamItWasGiven() throws Exception {
        store.put(
                "k",
                out -> {
                    out.write(bytes("closed early"));
                    out.close();
                    return null;
                });

        assertThat(read("k")).isEqualTo("closed early");
    }

    @Test
    void shouldListKeysByStringPrefixInUtf8ByteOrder() throws Exception {
        for (String key :
                new String[] {
                    "archives/b/manifest.json",
                    "archives/a/chunk-000001.tar.zst",
                    "archives/a/chunk-000000.tar.zst",
                    "archives/ab/x",
                    "other/y",
                    "archives/é/z",
                    "archives/z/z"
                }) {
            store.putBytes(key, bytes(key));
        }

        assertThat(store.list("archives/a/"))
                .containsExactly(
                        "archives/a/chunk-000000.tar.zst", "archives/a/chunk-000001.tar.zst");
        assertThat(store.list("archives/a"))
                .containsExactly(
                        "archives/a/chunk-000000.tar.zst",
                        "archives/a/chunk-000001.tar.zst",
                        "archives/ab/x");
        assertThat(store.list("archives/"))
                .containsExactly(
                        "archives/a/chunk-000000.tar.zst",
                        "archives/a/chunk-000001.tar.zst",
                        "archives/ab/x",
                        "archives/b/manifest.json",
                        "archives/z/z",
                        "archives/é/z");
        assertThat(store.list("nothing/")).isEmpty();
        assertThat(store.list("")).hasSize(7);
    }

    @Test
    void shouldDeleteAnObjectAndTreatDeletingAMissingKeyAsDone() throws Exception {
        store.putBytes("archives/a/x", bytes("x"));

        store.delete("archives/a/x");
        store.delete("archives/a/x");
        store.delete("never/existed");

        assertThat(store.exists("archives/a/x")).isFalse();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void shouldReportAMissingObjectAsNotFound() {
        assertThatThrownBy(() -> store.open("missing"))
                .isInstanceOfSatisfying(
                        TierObjectNotFoundException.class,
                        e -> assertThat(e.key()).isEqualTo("missing"));
        assertThatThrownBy(() -> store.size("missing"))
                .isInstanceOf(TierObjectNotFoundException.class);
    }

    @Test
    void shouldGiveEachKeyADistinctAbsoluteLocation() {
        URI first = URI.create(store.location("archives/a/chunk-000000.tar.zst"));
        URI second = URI.create(store.location("archives/a/chunk-000001.tar.zst"));

        assertThat(first.isAbsolute()).isTrue();
        assertThat(first).isNotEqualTo(second);
        assertThat(first.toString()).endsWith("archives/a/chunk-000000.tar.zst");
    }

    @Test
    void shouldRefuseKeysThatAreEmptyAbsoluteOrClimbOut() {
        for (String key :
                new String[] {
                    "",
                    "/etc/passwd",
                    "../outside",
                    "a/../../outside",
                    "a/./b",
                    "a//b",
                    "dir/",
                    "back\\slash",
                    "new\nline"
                }) {
            assertThatThrownBy(() -> store.putBytes(key, bytes("x")))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(key))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(key))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadARangeOfAnObjectWithoutTheRest() throws Exception {
        store.putBytes("k", bytes("0123456789"));

        assertThat(readRange("k", 3, 4)).isEqualTo("3456");
        assertThat(readRange("k", 0, 10)).isEqualTo("0123456789");
        assertThat(readRange("k", 9, 1)).isEqualTo("9");
        assertThat(readRange("k", 10, 0)).isEmpty();
        assertThat(readRange("k", 4, 0)).isEmpty();
    }

    @Test
    void shouldRefuseARangeThatReachesPastTheEnd() throws Exception {
        store.putBytes("k", bytes("0123456789"));

        assertThatThrownBy(() -> readRange("k", 8, 5))
                .isInstanceOfSatisfying(
                        TierStoreException.class, e -> assertThat(e.retriable()).isFalse());
        assertThatThrownBy(() -> readRange("k", 11, 1))
                .isInstanceOfSatisfying(
                        TierStoreException.class, e -> assertThat(e.retriable()).isFalse());
        assertThatThrownBy(() -> store.openRange("k", -1, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.openRange("k", 0, -2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadARangeOfALargeObject() throws Exception {
        byte[] data = randomBytes(largeObjectSize(), 7);
        store.putBytes("large", data);

        int offset = data.length / 3;
        try (InputStream in = store.openRange("large", offset, data.length - offset - 1)) {
            assertThat(in.readAllBytes())
                    .isEqualTo(Arrays.copyOfRange(data, offset, data.length - 1));
        }
    }

    @Test
    void shouldStatSizeStorageClassAndTheSha256OfWhatWasWritten() throws Exception {
        byte[] data = randomBytes(largeObjectSize(), 11);
        store.putBytes("archives/a/chunk-000000.tar.zst", data);
        store.putBytes("empty", new byte[0]);

        ObjectInfo info = store.stat("archives/a/chunk-000000.tar.zst");
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.storageClass()).isEqualTo(expectedStorageClass());
        assertThat(info.sha256()).contains(Sha256.of(data));
        assertThat(store.stat("empty"))
                .isEqualTo(
                        new ObjectInfo(
                                0,
                                expectedStorageClass(),
                                java.util.Optional.of(Sha256.of(new byte[0]))));
    }

    @Test
    void shouldReportAMissingObjectAsNotFoundByEveryRead() throws Exception {
        for (ThrowingCallable read :
                List.<ThrowingCallable>of(
                        () -> store.stat("missing"),
                        () -> store.openRange("missing", 0, 1),
                        () -> store.openVerified("missing"),
                        () -> store.openRange("missing", 0, 0))) {
            assertThatThrownBy(read)
                    .isInstanceOfSatisfying(
                            TierObjectNotFoundException.class,
                            e -> assertThat(e.key()).isEqualTo("missing"));
        }
        assertThat(store.exists("missing")).isFalse();
    }

    @Test
    void shouldKeepThePreviousObjectWhenAWriterFailsAfterStreamingMoreThanOneBuffer()
            throws Exception {
        byte[] old = randomBytes(1000, 3);
        store.putBytes("k", old);

        assertThatThrownBy(
                        () ->
                                store.put(
                                        "k",
                                        out -> {
                                            out.write(randomBytes(largeObjectSize(), 5));
                                            throw new IOException("source went away");
                                        }))
                .isInstanceOf(IOException.class)
                .hasMessage("source went away");

        assertThat(store.stat("k").size()).isEqualTo(old.length);
        try (InputStream in = store.openVerified("k")) {
            assertThat(in.readAllBytes()).isEqualTo(old);
        }
        assertThat(store.list("")).containsExactly("k");
    }

    @Test
    void shouldReadBackAVerifiedObjectWhenItIsIntact() throws Exception {
        byte[] data = randomBytes(largeObjectSize(), 13);
        store.putBytes("k", data);

        try (InputStream in = store.openVerified("k")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void shouldDetectACorruptedObjectByItsRecordedSha256() throws Exception {
        byte[] data = randomBytes(4096, 17);
        store.putBytes("k", data);

        corruptStoredObject("k");

        assertThat(store.stat("k").sha256())
                .as("the recorded checksum stays")
                .contains(Sha256.of(data));
        try (InputStream in = store.open("k")) {
            assertThat(in.readAllBytes())
                    .as("a plain read does not check")
                    .hasSize(data.length)
                    .isNotEqualTo(data);
        }
        assertThatThrownBy(
                        () -> {
                            try (InputStream in = store.openVerified("k")) {
                                in.readAllBytes();
                            }
                        })
                .isInstanceOfSatisfying(
                        TierChecksumMismatchException.class,
                        e -> {
                            assertThat(e.key()).isEqualTo("k");
                            assertThat(e.expected()).isEqualTo(Sha256.of(data));
                            assertThat(e.retriable()).isFalse();
                        });
    }

    @Test
    void shouldListInUtf8ByteOrderWhereItDiffersFromJavaStringOrder() throws Exception {
        // U+FF61 is EF BD A1 in UTF-8 and U+1F600 F0 9F 98 80, but Java's UTF-16 order puts the
        // emoji's
        // surrogate (D83D) first.
        String halfwidth = "k/\uFF61";
        String emoji = "k/\uD83D\uDE00";
        for (String key : new String[] {emoji, "k/a/b", "k/a.b", halfwidth, "k/a-b", "k/Z"}) {
            store.putBytes(key, bytes(key));
        }

        assertThat(store.list("k/"))
                .containsExactly("k/Z", "k/a-b", "k/a.b", "k/a/b", halfwidth, emoji);
    }

    protected String readRange(String key, long offset, long length) throws IOException {
        try (InputStream in = store.openRange(key, offset, length)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    protected String read(String key) {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
