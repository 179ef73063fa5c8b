package dev.archiver.connectors.tier.s3;

/** How the S3 tier thaws cold objects. */
public enum ThawMode {
    /** S3's RestoreObject, and the x-amz-restore header of HeadObject for the state. */
    REAL,
    /**
     * For S3-compatible servers without Glacier semantics (S3Proxy, MinIO): a thaw takes a
     * configured time, its state is a small marker object next to the data, and reads of a cold
     * object fail until it is ready.
     */
    SIMULATED
}
