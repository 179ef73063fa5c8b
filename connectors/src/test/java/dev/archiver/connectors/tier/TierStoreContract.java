package dev.archiver.connectors.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TierStore} promises, whatever the storage behind it. A new store (S3, ...) gets
 * these tests by extending this class and returning a fresh, empty store.
 */
public abstract class TierStoreContract {

    protected TierStore store;

    /** A fresh, empty store for each test. */
    protected abstract TierStore newStore() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
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
