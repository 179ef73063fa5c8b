package dev.archiver.connectors.tier.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.tier.ColdObjects;
import dev.archiver.connectors.tier.ObjectFrozenException;
import dev.archiver.connectors.tier.RetrievalTier;
import dev.archiver.connectors.tier.ThawState;
import dev.archiver.connectors.tier.TierObjectNotFoundException;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cold objects on S3Proxy: the simulated thaw, and what the real one does where S3Proxy cannot
 * follow.
 */
class ThawTest {

    @RegisterExtension static final S3ProxyServer S3PROXY = new S3ProxyServer();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final List<S3TierStore> stores = new ArrayList<>();
    private final MutableClock clock = new MutableClock(T0);
    private S3TierSettings glacier;

    @BeforeEach
    void bucket(TestInfo info) {
        glacier =
                S3PROXY.newBucket(info.getTestMethod().orElseThrow().getName())
                        .keyPrefix("cold")
                        .storageClass(S3StorageClass.GLACIER)
                        .thawMode(ThawMode.SIMULATED)
                        .simulatedThawDuration(Duration.ofHours(4))
                        .build();
    }

    @AfterEach
    void close() {
        stores.forEach(S3TierStore::close);
    }

    @Test
    void shouldGoFromFrozenThroughThawingToReadyAndBackToFrozenWhenTheCopyExpires()
            throws Exception {
        S3TierStore store = store(glacier);
        store.putBytes("archives/a/chunk-000000.tar.zst", bytes("cold bytes"));
        ColdObjects cold = store.coldObjects();
        String key = "archives/a/chunk-000000.tar.zst";

        // Given a frozen object, reads fail as S3's InvalidObjectState does
        assertThat(cold.state(key)).isEqualTo(ThawState.frozen());
        assertThatThrownBy(() -> store.open(key))
                .isInstanceOfSatisfying(
                        ObjectFrozenException.class,
                        e -> {
                            assertThat(e.retriable()).isFalse();
                            assertThat(e.state()).isEqualTo(ThawState.frozen());
                            assertThat(e.getMessage()).contains("GLACIER");
                        });

        // When a thaw is requested, it is under way for the configured time
        cold.requestThaw(key, RetrievalTier.STANDARD, 2);
        clock.advance(Duration.ofHours(1));
        assertThat(cold.state(key))
                .isEqualTo(
                        new ThawState.Thawing(
                                Optional.of(T0), Optional.of(T0.plus(Duration.ofHours(4)))));
        assertThatThrownBy(() -> store.openRange(key, 0, 4))
                .isInstanceOf(ObjectFrozenException.class);
        cold.requestThaw(key, RetrievalTier.BULK, 2); // asking again changes nothing
        assertThat(cold.state(key).kind()).isEqualTo(ThawState.Kind.THAWING);

        // Then it is ready for the days asked, and readable
        clock.advance(Duration.ofHours(3));
        Instant until = T0.plus(Duration.ofHours(4)).plus(Duration.ofDays(2));
        assertThat(cold.state(key)).isEqualTo(new ThawState.Ready(Optional.of(until)));
        assertThat(read(store, key)).isEqualTo("cold bytes");

        // The state is in the bucket: another instance (a restart) sees it
        assertThat(store(glacier).coldObjects().state(key))
                .isEqualTo(new ThawState.Ready(Optional.of(until)));

        // And when the copy expires the object is frozen again
        clock.advance(Duration.ofDays(2));
        assertThat(cold.state(key)).isEqualTo(ThawState.frozen());
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(ObjectFrozenException.class);
    }

    @Test
    void shouldFreezeAnObjectAgainWhenItIsReplaced() throws Exception {
        S3TierStore store = store(glacier.toBuilder().simulatedThawDuration(Duration.ZERO).build());
        store.putBytes("k", bytes("v1"));
        store.coldObjects().requestThaw("k", RetrievalTier.EXPEDITED, 1);
        assertThat(store.coldObjects().state("k").readable()).isTrue();

        store.putBytes("k", bytes("v2"));

        assertThat(store.coldObjects().state("k")).isEqualTo(ThawState.frozen());
    }

    @Test
    void shouldGateMultipartColdObjectsToo() throws Exception {
        S3TierStore store =
                store(
                        glacier.toBuilder()
                                .multipartThreshold(5 * S3TierSettings.MIB)
                                .partSize(5 * S3TierSettings.MIB)
                                .storageClass(S3StorageClass.DEEP_ARCHIVE)
                                .build());
        store.putBytes("big", new byte[(int) (6 * S3TierSettings.MIB)]);

        assertThat(store.stat("big").storageClass()).isEqualTo("DEEP_ARCHIVE");
        assertThatThrownBy(() -> store.open("big")).isInstanceOf(ObjectFrozenException.class);
    }

    @Test
    void shouldRefuseExpeditedRetrievalForDeepArchive() throws Exception {
        S3TierStore store =
                store(glacier.toBuilder().storageClass(S3StorageClass.DEEP_ARCHIVE).build());
        store.putBytes("k", bytes("deep"));

        assertThatThrownBy(() -> store.coldObjects().requestThaw("k", RetrievalTier.EXPEDITED, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EXPEDITED retrieval is not offered for DEEP_ARCHIVE");
        assertThat(store.coldObjects().state("k")).isEqualTo(ThawState.frozen());

        store.coldObjects().requestThaw("k", RetrievalTier.BULK, 1);
        assertThat(store.coldObjects().state("k").kind()).isEqualTo(ThawState.Kind.THAWING);
    }

    @ParameterizedTest
    @EnumSource(
            value = S3StorageClass.class,
            names = {"STANDARD", "STANDARD_IA", "GLACIER_IR"})
    void shouldTreatInstantClassesAsNotColdAndReadableAtOnce(S3StorageClass storageClass)
            throws Exception {
        for (ThawMode mode : ThawMode.values()) {
            S3TierStore store =
                    store(glacier.toBuilder().storageClass(storageClass).thawMode(mode).build());
            store.putBytes("k", bytes("warm"));

            assertThat(store.coldObjects().state("k"))
                    .as(mode.name())
                    .isEqualTo(ThawState.notCold());
            store.coldObjects().requestThaw("k", RetrievalTier.EXPEDITED, 1); // nothing to do
            assertThat(read(store, "k")).isEqualTo("warm");
        }
    }

    @Test
    void shouldReportAMissingObjectAsNotFound() {
        S3TierStore store = store(glacier);

        assertThatThrownBy(() -> store.coldObjects().state("missing"))
                .isInstanceOf(TierObjectNotFoundException.class);
        assertThatThrownBy(() -> store.coldObjects().requestThaw("missing", RetrievalTier.BULK, 1))
                .isInstanceOf(TierObjectNotFoundException.class);
        assertThatThrownBy(() -> store.coldObjects().requestThaw("missing", RetrievalTier.BULK, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPassTheRealRestoreToTheServerAndReportItsRefusalAsPermanent() throws Exception {
        // S3Proxy has no Glacier semantics: a GLACIER object reads at once and RestoreObject
        // answers 501.
        S3TierStore store = store(glacier.toBuilder().thawMode(ThawMode.REAL).build());
        store.putBytes("k", bytes("cold"));

        assertThat(store.coldObjects().state("k")).isEqualTo(ThawState.frozen());
        assertThatThrownBy(() -> store.coldObjects().requestThaw("k", RetrievalTier.STANDARD, 1))
                .isInstanceOfSatisfying(
                        TierStoreException.class,
                        e -> {
                            assertThat(e.retriable()).isFalse();
                            assertThat(e.getMessage()).contains("501");
                        });
    }

    private S3TierStore store(S3TierSettings settings) {
        S3TierStore store = new S3TierStore(settings, clock);
        stores.add(store);
        return store;
    }

    private static String read(S3TierStore store, String key) throws Exception {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
