package dev.archiver.service;

import dev.archiver.config.ArchiverConfig;
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
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The tier stores config asks for: FILESYSTEM always; the four S3 tiers, one storage class each, on
 * one bucket, when a bucket is configured or the embedded S3 server runs.
 */
final class TierSetup {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TierSetup.class);
  private static final java.time.Duration STALE_UPLOAD = java.time.Duration.ofDays(1);

  private TierSetup() {}

  /**
   * @param embeddedS3 the embedded S3 server's endpoint and bucket, when it runs
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
      stores.put(StorageTier.S3_STANDARD, decorator.apply(store(base, S3StorageClass.STANDARD)));
      stores.put(
          StorageTier.S3_STANDARD_IA, decorator.apply(store(base, S3StorageClass.STANDARD_IA)));
      stores.put(
          StorageTier.S3_GLACIER,
          decorator.apply(store(base, S3StorageClass.valueOf(config.s3GlacierClass()))));
      stores.put(
          StorageTier.S3_DEEP_ARCHIVE, decorator.apply(store(base, S3StorageClass.DEEP_ARCHIVE)));
    }
    return new TierStores(stores);
  }

  /**
   * Aborts multipart uploads under the S3 tiers' prefix older than a day: what a crash mid-upload
   * left behind (every S3 tier shares one bucket and prefix, so one store's listing covers all).
   */
  static void abortStaleUploads(TierStores tiers) {
    if (!tiers.configured().contains(StorageTier.S3_STANDARD)) {
      return;
    }
    TierStore store = tiers.get(StorageTier.S3_STANDARD);
    if (store instanceof S3TierStore s3) {
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
    TierStore store = tiers.get(StorageTier.S3_STANDARD);
    return store instanceof S3TierStore s3
        ? "s3://" + s3.settings().bucket() + "/" + s3.settings().keyPrefix()
        : "s3";
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
