package dev.archiver.connectors.tier;

import java.io.IOException;

/**
 * Thawing objects kept in cold storage classes (GLACIER, DEEP_ARCHIVE), which cannot be read until
 * a temporary copy has been restored. A caller asks {@link #state}, calls {@link #requestThaw} when
 * it is {@link ThawState.Kind#FROZEN}, and polls until it is {@link ThawState.Kind#READY} before it
 * reads.
 */
public interface ColdObjects {

    /**
     * Where the object under {@code key} is.
     *
     * @throws TierObjectNotFoundException if there is no object under {@code key}
     */
    ThawState state(String key) throws IOException;

    /**
     * Asks for a readable copy of the object for {@code days} days. Idempotent: asking while a thaw
     * is under way changes nothing; asking when a copy is ready extends it; asking for an object
     * that is not cold does nothing.
     *
     * @throws IllegalArgumentException if {@code tier} is not offered for the object's class
     *     (EXPEDITED for DEEP_ARCHIVE) or {@code days} is not positive
     * @throws TierObjectNotFoundException if there is no object under {@code key}
     */
    void requestThaw(String key, RetrievalTier tier, int days) throws IOException;

    /**
     * For stores without cold classes (the filesystem): every existing object is readable at once.
     */
    static ColdObjects none(TierStore store) {
        return new ColdObjects() {
            @Override
            public ThawState state(String key) throws IOException {
                store.stat(key); // throws if missing
                return ThawState.notCold();
            }

            @Override
            public void requestThaw(String key, RetrievalTier tier, int days) throws IOException {
                if (days < 1) {
                    throw new IllegalArgumentException("days must be at least 1: " + days);
                }
                store.stat(key);
            }
        };
    }
}
