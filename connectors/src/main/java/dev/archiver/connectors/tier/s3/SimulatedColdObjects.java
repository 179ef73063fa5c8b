package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.tier.ColdObjects;
import dev.archiver.connectors.tier.RetrievalTier;
import dev.archiver.connectors.tier.ThawState;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Glacier semantics for servers without them (S3Proxy, MinIO). A thaw of a GLACIER or DEEP_ARCHIVE
 * object takes the configured duration whatever the tier; its state is a small marker object {@code
 * <prefix>.thaw/<key>} in the bucket, so it survives restarts and is seen by every instance; time
 * comes from the injected clock. Reads of a cold object fail with {@code ObjectFrozenException}
 * until the thaw is ready, as S3 answers InvalidObjectState.
 *
 * <p>Marker: lines {@code requestedAt=}, {@code readyAt=}, {@code expiresAt=} (ISO-8601 instants)
 * and {@code tier=}.
 */
final class SimulatedColdObjects implements ColdObjects {

    private final S3TierStore store;
    private final Duration thawDuration;
    private final Clock clock;

    SimulatedColdObjects(S3TierStore store, Duration thawDuration, Clock clock) {
        this.store = store;
        this.thawDuration = thawDuration;
        this.clock = clock;
    }

    @Override
    public ThawState state(String key) throws IOException {
        HeadObjectResponse head = store.head(key);
        if (!S3StorageClass.isCold(head.storageClassAsString())) {
            return ThawState.notCold();
        }
        return thawState(key);
    }

    @Override
    public void requestThaw(String key, RetrievalTier tier, int days) throws IOException {
        S3ColdObjects.requireDays(days);
        HeadObjectResponse head = store.head(key);
        String storageClass = head.storageClassAsString();
        if (!S3StorageClass.isCold(storageClass)) {
            return;
        }
        S3ColdObjects.requireTierOffered(storageClass, tier);
        Instant now = clock.instant();
        Optional<Marker> marker = readMarker(key);
        ThawState state = marker.map(m -> m.state(now)).orElse(ThawState.frozen());
        if (state.kind() == ThawState.Kind.THAWING) {
            return; // as S3: RestoreAlreadyInProgress
        }
        Marker next;
        if (state.kind()
                == ThawState.Kind
                        .READY) { // as S3: a new request for a restored copy moves its expiry
            Marker ready = marker.get();
            next =
                    new Marker(
                            ready.requestedAt,
                            ready.readyAt,
                            now.plus(Duration.ofDays(days)),
                            ready.tier);
        } else {
            Instant readyAt = now.plus(thawDuration);
            next = new Marker(now, readyAt, readyAt.plus(Duration.ofDays(days)), tier);
        }
        writeMarker(key, next);
    }

    /** Where the thaw of a cold object is, from its marker. */
    ThawState thawState(String key) throws IOException {
        return readMarker(key).map(m -> m.state(clock.instant())).orElse(ThawState.frozen());
    }

    /** Drops the marker: the object was replaced or deleted. */
    void forget(String key) throws IOException {
        String markerKey = markerKey(key);
        try {
            store.client().deleteObject(r -> r.bucket(store.bucket()).key(markerKey));
        } catch (SdkException e) {
            throw S3Errors.translate("DELETE thaw marker of " + store.location(key), null, e);
        }
    }

    private String markerKey(String key) {
        store.objectKey(key); // validates
        return store.internalKey(S3TierStore.THAW + key);
    }

    private Optional<Marker> readMarker(String key) throws IOException {
        String markerKey = markerKey(key);
        byte[] bytes;
        try {
            bytes =
                    store.client()
                            .getObjectAsBytes(r -> r.bucket(store.bucket()).key(markerKey))
                            .asByteArray();
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Errors.translate("GET thaw marker of " + store.location(key), null, e);
        }
        try {
            return Optional.of(Marker.parse(new String(bytes, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw new TierStoreException(
                    "unreadable thaw marker s3://"
                            + store.bucket()
                            + "/"
                            + markerKey
                            + ": "
                            + e.getMessage(),
                    e,
                    false);
        }
    }

    private void writeMarker(String key, Marker marker) throws IOException {
        String markerKey = markerKey(key);
        try {
            store.client()
                    .putObject(
                            r -> r.bucket(store.bucket()).key(markerKey).contentType("text/plain"),
                            RequestBody.fromString(marker.format(), StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw S3Errors.translate("PUT thaw marker of " + store.location(key), null, e);
        }
    }

    private record Marker(
            Instant requestedAt, Instant readyAt, Instant expiresAt, RetrievalTier tier) {

        ThawState state(Instant now) {
            if (now.isBefore(readyAt)) {
                return new ThawState.Thawing(Optional.of(requestedAt), Optional.of(readyAt));
            }
            if (now.isBefore(expiresAt)) {
                return new ThawState.Ready(Optional.of(expiresAt));
            }
            return ThawState.frozen();
        }

        String format() {
            return "requestedAt="
                    + requestedAt
                    + "\nreadyAt="
                    + readyAt
                    + "\nexpiresAt="
                    + expiresAt
                    + "\ntier="
                    + tier
                    + "\n";
        }

        static Marker parse(String text) {
            Map<String, String> fields = new HashMap<>();
            for (String line : text.lines().toList()) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            try {
                return new Marker(
                        Instant.parse(required(fields, "requestedAt")),
                        Instant.parse(required(fields, "readyAt")),
                        Instant.parse(required(fields, "expiresAt")),
                        RetrievalTier.valueOf(required(fields, "tier")));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        private static String required(Map<String, String> fields, String name) {
            String value = fields.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no " + name);
            }
            return value;
        }
    }
}
