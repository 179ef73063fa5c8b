package dev.archiver.streams.state;

/** One archive in the archive-catalog store: where its manifest is and what it holds. */
public record CatalogEntry(
    String archiveId,
    String runId,
    String tier,
    String manifestKey,
    String manifestLocation,
    String manifestSha256,
    int chunkCount,
    long bytesIn,
    long bytesOut,
    long files,
    String retentionClass,
    boolean legalHold,
    String keyId,
    long createdAt,
    Long lastVerifiedAt,
    String status) {}
