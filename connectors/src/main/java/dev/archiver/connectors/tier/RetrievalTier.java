package dev.archiver.connectors.tier;

/** How fast (and how dearly) a thaw of a cold object is made, as S3's restore tiers. */
public enum RetrievalTier {
    /** Minutes; not offered for DEEP_ARCHIVE. */
    EXPEDITED,
    /** Hours (3-5 for GLACIER, about 12 for DEEP_ARCHIVE). */
    STANDARD,
    /** The cheapest: 5-12 hours for GLACIER, up to 48 for DEEP_ARCHIVE. */
    BULK
}
