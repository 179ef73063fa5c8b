package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.tier.ColdObjects;
import dev.archiver.connectors.tier.RetrievalTier;
import dev.archiver.connectors.tier.ThawState;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.IOException;
import java.time.Clock;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tier;

/** Thaws with S3 itself: RestoreObject to ask, the x-amz-restore header of HeadObject to follow. */
final class S3ColdObjects implements ColdObjects {

    private final S3TierStore store;
    private final Clock clock;

    S3ColdObjects(S3TierStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public ThawState state(String key) throws IOException {
        HeadObjectResponse head = store.head(key);
        if (!S3StorageClass.isCold(head.storageClassAsString())) {
            return ThawState.notCold();
        }
        ThawState state;
        try {
            state = RestoreHeader.parse(head.restore());
        } catch (IllegalArgumentException e) {
            throw new TierStoreException(
                    "cannot read the restore state of "
                            + store.location(key)
                            + ": "
                            + e.getMessage(),
                    e,
                    false);
        }
        if (state instanceof ThawState.Ready ready
                && ready.until().isPresent()
                && !ready.until().get().isAfter(clock.instant())) {
            return ThawState.frozen(); // the copy expired; S3 drops the header soon after
        }
        return state;
    }

    @Override
    public void requestThaw(String key, RetrievalTier tier, int days) throws IOException {
        requireDays(days);
        HeadObjectResponse head = store.head(key);
        String storageClass = head.storageClassAsString();
        if (!S3StorageClass.isCold(storageClass)) {
            return;
        }
        requireTierOffered(storageClass, tier);
        String objectKey = store.objectKey(key);
        try {
            store.client()
                    .restoreObject(
                            r ->
                                    r.bucket(store.bucket())
                                            .key(objectKey)
                                            .restoreRequest(
                                                    q ->
                                                            q.days(days)
                                                                    .glacierJobParameters(
                                                                            g ->
                                                                                    g.tier(
                                                                                            Tier
                                                                                                    .fromValue(
                                                                                                            tier
                                                                                                                    .name())))));
        } catch (SdkException e) {
            if (e instanceof S3Exception s3
                    && "RestoreAlreadyInProgress".equals(S3Errors.code(s3))) {
                return; // asked already: idempotent
            }
            throw S3Errors.translate("RESTORE " + store.location(key), key, e);
        }
    }

    static void requireDays(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("a thaw lasts at least 1 day: " + days);
        }
    }

    /** S3's rule: DEEP_ARCHIVE offers STANDARD and BULK retrievals only. */
    static void requireTierOffered(String storageClass, RetrievalTier tier) {
        if (S3StorageClass.DEEP_ARCHIVE.name().equals(storageClass)
                && tier == RetrievalTier.EXPEDITED) {
            throw new IllegalArgumentException(
                    "EXPEDITED retrieval is not offered for DEEP_ARCHIVE objects: use "
                            + "STANDARD (about 12 hours) or BULK (up to 48 hours)");
        }
    }
}
