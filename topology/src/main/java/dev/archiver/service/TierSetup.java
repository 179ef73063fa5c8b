package dev.archiver.service;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.connectors.spool.ChunkSpool;
import dev.archiver.connectors.spool.PlanCopies;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.tier.s3.S3StorageClass;
import dev.archiver.connectors.tier.s3.S3TierSettings;
import dev.archiver.connectors.tier.s3.S3TierStore;
import dev.archiver.connectors.tier.s3.ThawMode;
import dev.archiver.events.StorageTier;
import dev.archiver.streams.common.TierStores;
import java.io.IOException;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The tier stores config asks for: FILESYSTEM always; the four S3 tiers, one storage class each, on
 * one bucket, when a bucket is configured or the embedded S3 server runs, with the local spool
 * their chunks wait in while S3 is unreachable.
 */
final class TierSetup {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TierSetup.class);
  private static final java.time.Duration STALE_UPLOAD = java.time.Duration.ofDays(1);

  private TierSetup() {}

  /**
   * @param embeddedS3 the embedded S3 server's endpoint and bucket, when it runs
   * @param decorator wraps the FILESYSTEM tier's store (tests slow it down or make it fail)
   */
  static TierStores build(
      ArchiverConfig config, Optional<S3Endpoint> embeddedS3, UnaryOperator<TierStore> decorator)
      throws IOException {
    Map<StorageTier, TierStore> stores = new EnumMap<>(StorageTier.class);
    stores.put(
        StorageTier.FILESYSTEM,
        decorator.apply(new FilesystemTierStore(config.filesystemTierPath())));
    Optional<S3TierSettings> s3 = s3Settings(config, embeddedS3);
    if (s3.isPresent()) {
      S3TierSettings base = s3.get();
      Map<StorageTier, String> buckets = config.s3TierBuckets();
      put(stores, StorageTier.S3_STANDARD, base, S3StorageClass.STANDARD, buckets);
      put(stores, StorageTier.S3_STANDARD_IA, base, S3StorageClass.STANDARD_IA, buckets);
      put(
          stores,
          StorageTier.S3_GLACIER,
          base,
          S3StorageClass.valueOf(config.s3GlacierClass()),
          buckets);
      put(stores, StorageTier.S3_DEEP_ARCHIVE, base, S3StorageClass.DEEP_ARCHIVE, buckets);
      java.time.Clock clock = java.time.Clock.systemUTC();
      ChunkSpool spool =
          ChunkSpool.open(
              config.spoolPath(), config.spoolMaxBytes(), config.spoolKeepUnclaimed(), clock);
      if (spool.enabled()) {
        // The chunks packed into the spool during an outage need their plan's pages.
        for (StorageTier tier : List.copyOf(stores.keySet())) {
          if (tier != StorageTier.FILESYSTEM) {
            stores.put(
                tier,
                new PlanCopies(
                    stores.get(tier),
                    config.spoolPath().resolve("plans"),
                    config.spoolKeepUnclaimed(),
                    clock));
          }
        }
      }
      return new TierStores(stores, spool);
    }
    return new TierStores(stores);
  }

  /**
   * Each S3 tier under a prefix of its own (standard/, glacier/, ...) in the shared bucket (or its
   * own, tier.s3.tier-buckets): a tier's listing (orphans, purge) then holds its own objects only,
   * and moving an archive between tiers is a copy to other keys, never a rewrite of the object
   * being read.
   */
  private static void put(
      Map<StorageTier, TierStore> stores,
      StorageTier tier,
      S3TierSettings base,
      S3StorageClass storageClass,
      Map<StorageTier, String> buckets) {
    String prefix = base.keyPrefix() + tierPrefix(tier);
    String bucket = buckets.getOrDefault(tier, base.bucket());
    stores.put(
        tier, store(base.toBuilder().bucket(bucket).keyPrefix(prefix).build(), storageClass));
  }

  /** S3_STANDARD_IA -> "standard-ia/". */
  static String tierPrefix(StorageTier tier) {
    return tier.name()
            .substring("S3_".length())
            .toLowerCase(java.util.Locale.ROOT)
            .replace('_', '-')
        + "/";
  }

  /**
   * Aborts multipart uploads under each S3 tier's prefix older than a day: what a crash mid-upload
   * left behind.
   */
  static void abortStaleUploads(TierStores tiers) {
    for (StorageTier tier : tiers.configured()) {
      abortStaleUploads(tiers.get(tier));
    }
  }

  /** The S3 store under a tier's wrappers (plan copies, hot metadata), if it is one. */
  static Optional<S3TierStore> s3Of(TierStore store) {
    if (store instanceof PlanCopies copies) {
      store = copies.copied();
    }
    if (store instanceof HotMetadataStore cold) {
      store = cold.coldStore();
    }
    return store instanceof S3TierStore s3 ? Optional.of(s3) : Optional.empty();
  }

  private static void abortStaleUploads(TierStore tierStore) {
    Optional<S3TierStore> found = s3Of(tierStore);
    if (found.isPresent()) {
      S3TierStore s3 = found.get();
      try {
        int aborted = s3.abortStaleUploads(STALE_UPLOAD);
        if (aborted > 0) {
          LOG.info("event=stale_uploads_aborted count={}", aborted);
        }
      } catch (IOException e) {
        LOG.warn(
            "event=stale_upload_cleanup_failed error=\"{}\" (tried again at the next start)",
            e.getMessage());
      }
    }
  }

  /** Where the S3 tiers are, for /health: s3://bucket/prefix. */
  static String describe(TierStores tiers) {
    Optional<S3TierStore> found = s3Of(tiers.get(StorageTier.S3_STANDARD));
    if (found.isEmpty()) {
      return "s3";
    }
    S3TierStore s3 = found.get();
    String prefix = s3.settings().keyPrefix();
    String tierPrefix = tierPrefix(StorageTier.S3_STANDARD);
    return "s3://"
        + s3.settings().bucket()
        + "/"
        + (prefix.endsWith(tierPrefix)
            ? prefix.substring(0, prefix.length() - tierPrefix.length())
            : prefix);
  }

  private static TierStore store(S3TierSettings base, S3StorageClass storageClass) {
    TierStore store = new S3TierStore(base.toBuilder().storageClass(storageClass).build());
    return storageClass.cold()
        ? new HotMetadataStore(
            store, new S3TierStore(base.toBuilder().storageClass(S3StorageClass.STANDARD).build()))
        : store;
  }

  /** Where an S3 server the archiver started listens, and the bucket it made. */
  record S3Endpoint(URI endpoint, String bucket) {}

  static Optional<S3TierSettings> s3Settings(ArchiverConfig config, Optional<S3Endpoint> embedded) {
    Optional<String> bucket = config.s3Bucket();
    if (bucket.isEmpty() && embedded.isEmpty()) {
      return Optional.empty();
    }
    S3TierSettings.Builder settings =
        S3TierSettings.builder(bucket.orElseGet(() -> embedded.get().bucket()), config.s3Region())
            .keyPrefix(config.s3Prefix())
            .multipartThreshold(config.s3MultipartThreshold())
            .partSize(config.s3PartSize());
    if (bucket.isEmpty()) {
      // The embedded server: path-style, no Glacier of its own, any credentials accepted.
      settings
          .endpoint(embedded.get().endpoint())
          .pathStyle(true)
          .credentials("embedded", "embedded")
          .thawMode(ThawMode.SIMULATED)
          .simulatedThawDuration(config.s3SimulatedThawTime());
    } else {
      config.s3Endpoint().map(URI::create).ifPresent(settings::endpoint);
      settings.pathStyle(config.s3PathStyle());
      config
          .s3Credentials()
          .ifPresentOrElse(
              c -> settings.credentials(c.getKey(), c.getValue()), settings::defaultCredentials);
      settings.thawMode(config.s3ThawSimulated() ? ThawMode.SIMULATED : ThawMode.REAL);
      settings.simulatedThawDuration(config.s3SimulatedThawTime());
    }
    return Optional.of(settings.build());
  }
}
