package dev.archiver.streams.state;

/**
 * One archive in the archive-catalog store: where its manifest is, what it holds, and how long it
 * is kept.
 *
 * @param retentionClass the retention class it was archived under, null when none applies
 * @param legalHold true while the archive must never be purged
 * @param expiresAt epoch millis from which PURGE_EXPIRED may delete it, null when it never expires
 */
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
    String status,
    Long expiresAt) {

  /** An archive checked although the catalog does not know it: shows as a missing manifest. */
  public static CatalogEntry unknown(
      String archiveId, String runId, String tier, String manifestKey) {
    return new CatalogEntry(
        archiveId,
        runId,
        tier,
        manifestKey,
        null,
        null,
        0,
        0,
        0,
        0,
        null,
        false,
        null,
        0,
        null,
        "UNKNOWN",
        null);
  }

  /** True when the archive may be purged at {@code now}: expired and not held. */
  public boolean purgeableAt(long now) {
    return !legalHold && expiresAt != null && expiresAt <= now;
  }

  public CatalogEntry verified(boolean ok, long now) {
    return new CatalogEntry(
        archiveId,
        runId,
        tier,
        manifestKey,
        manifestLocation,
        manifestSha256,
        chunkCount,
        bytesIn,
        bytesOut,
        files,
        retentionClass,
        legalHold,
        keyId,
        createdAt,
        now,
        ok ? "OK" : "CORRUPT",
        expiresAt);
  }

  public CatalogEntry withLegalHold(boolean held) {
    return new CatalogEntry(
        archiveId,
        runId,
        tier,
        manifestKey,
        manifestLocation,
        manifestSha256,
        chunkCount,
        bytesIn,
        bytesOut,
        files,
        retentionClass,
        held,
        keyId,
        createdAt,
        lastVerifiedAt,
        status,
        expiresAt);
  }

  public CatalogEntry withStatus(String newStatus) {
    return new CatalogEntry(
        archiveId,
        runId,
        tier,
        manifestKey,
        manifestLocation,
        manifestSha256,
        chunkCount,
        bytesIn,
        bytesOut,
        files,
        retentionClass,
        legalHold,
        keyId,
        createdAt,
        lastVerifiedAt,
        newStatus,
        expiresAt);
  }

  /** The same archive, now in {@code newTier} with its manifest at {@code newManifestLocation}. */
  public CatalogEntry movedTo(String newTier, String newManifestLocation) {
    return new CatalogEntry(
        archiveId,
        runId,
        newTier,
        manifestKey,
        newManifestLocation,
        manifestSha256,
        chunkCount,
        bytesIn,
        bytesOut,
        files,
        retentionClass,
        legalHold,
        keyId,
        createdAt,
        lastVerifiedAt,
        "OK",
        expiresAt);
  }
}
