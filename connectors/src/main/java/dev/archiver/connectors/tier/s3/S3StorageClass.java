package dev.archiver.connectors.tier.s3;

import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The storage classes the S3 tier writes to. GLACIER and DEEP_ARCHIVE are cold: a read needs a thaw
 * first.
 */
public enum S3StorageClass {
    STANDARD(false),
    STANDARD_IA(false),
    /** Glacier Instant Retrieval: archive prices, but read at once like STANDARD. */
    GLACIER_IR(false),
    /** Glacier Flexible Retrieval. */
    GLACIER(true),
    DEEP_ARCHIVE(true);

    private final boolean cold;

    S3StorageClass(boolean cold) {
        this.cold = cold;
    }

    /**
     * True when an object of this class cannot be read until a thaw (RestoreObject) has made a
     * copy.
     */
    public boolean cold() {
        return cold;
    }

    StorageClass sdk() {
        return StorageClass.fromValue(name());
    }

    /** Whether the class S3 reports for an object ({@code null} means STANDARD) is a cold one. */
    static boolean isCold(String reported) {
        return GLACIER.name().equals(reported) || DEEP_ARCHIVE.name().equals(reported);
    }
}
