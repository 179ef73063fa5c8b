package dev.archiver.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigException;
import dev.archiver.config.ConfigLoader;
import dev.archiver.events.StorageTier;
import dev.archiver.streams.common.TierStores;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TierSetupTest {

  @TempDir Path dir;

  private ArchiverConfig config(Map<String, String> more) {
    Map<String, String> values = new java.util.HashMap<>(more);
    values.put("data.dir", dir.toString());
    values.put("tier.s3.endpoint", "http://127.0.0.1:9");
    values.put("tier.s3.path-style", "true");
    values.put("tier.s3.access-key-id", "k");
    values.put("tier.s3.secret-access-key", "s");
    return new ConfigLoader().load(null, Map.of(), values);
  }

  @Test
  void shouldPutATierInTheBucketNamedForItAndTheOthersInTheSharedOne() throws Exception {
    ArchiverConfig config =
        config(
            Map.of(
                "tier.s3.bucket", "archive-main",
                "tier.s3.tier-buckets", "glacier=archive-cold,deep-archive=archive-vault"));

    try (TierStores tiers = TierSetup.build(config, Optional.empty(), UnaryOperator.identity())) {
      assertThat(bucketOf(tiers, StorageTier.S3_STANDARD)).isEqualTo("archive-main");
      assertThat(bucketOf(tiers, StorageTier.S3_STANDARD_IA)).isEqualTo("archive-main");
      assertThat(bucketOf(tiers, StorageTier.S3_GLACIER)).isEqualTo("archive-cold");
      assertThat(bucketOf(tiers, StorageTier.S3_DEEP_ARCHIVE)).isEqualTo("archive-vault");
      assertThat(tiers.get(StorageTier.S3_GLACIER).location("archives/a/manifest.json"))
          .startsWith("s3://archive-cold/glacier/");
    }
  }

  @Test
  void shouldRefuseTierBucketsWithoutTheSharedBucket() {
    assertThatThrownBy(() -> config(Map.of("tier.s3.tier-buckets", "glacier=archive-cold")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tier.s3.tier-buckets")
        .hasMessageContaining("set tier.s3.bucket");
  }

  @Test
  void shouldRefuseATierBucketForTheFilesystemTierOrABadBucketName() {
    assertThatThrownBy(
            () -> config(Map.of("tier.s3.bucket", "main", "tier.s3.tier-buckets", "hot=x-bucket")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tier.s3.tier-buckets");
    assertThatThrownBy(
            () ->
                config(
                    Map.of("tier.s3.bucket", "main", "tier.s3.tier-buckets", "glacier=Bad_Name")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tier.s3.tier-buckets");
  }

  private static String bucketOf(TierStores tiers, StorageTier tier) {
    return TierSetup.s3Of(tiers.get(tier)).orElseThrow().settings().bucket();
  }
}
