package dev.archiver.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.tier.s3.S3StorageClass;
import dev.archiver.connectors.tier.s3.S3TierSettings;
import dev.archiver.connectors.tier.s3.S3TierStore;
import dev.archiver.connectors.tier.s3.ThawMode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedS3Test {

  @TempDir Path temp;

  @Test
  void shouldServeTheS3TierStoreAndKeepObjectsAcrossARestart() throws Exception {
    byte[] big = new byte[6 * 1024 * 1024];
    new Random(1).nextBytes(big);
    int port;
    try (EmbeddedS3 s3 = EmbeddedS3.start(temp.resolve("s3"), 0, "archive")) {
      port = s3.port();
      assertThat(port).isPositive();
      assertThat(s3.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
      try (S3TierStore store = new S3TierStore(settings(s3))) {
        store.checkBucket();
        store.putBytes("archives/a/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
        store.putBytes("archives/a/chunk-000000.tar.zst", big); // multipart

        assertThat(store.list("archives/"))
            .containsExactly("archives/a/chunk-000000.tar.zst", "archives/a/manifest.json");
        ObjectInfo info = store.stat("archives/a/chunk-000000.tar.zst");
        assertThat(info.size()).isEqualTo(big.length);
        assertThat(info.storageClass()).isEqualTo("STANDARD");
        assertThat(info.sha256()).isPresent();
      }
    }
    assertThat(Files.isDirectory(temp.resolve("s3/archive"))).isTrue();

    try (EmbeddedS3 again = EmbeddedS3.start(temp.resolve("s3"), 0, "archive");
        S3TierStore store = new S3TierStore(settings(again))) {
      assertThat(read(store, "archives/a/manifest.json")).isEqualTo("{}");
      try (InputStream in = store.openVerified("archives/a/chunk-000000.tar.zst")) {
        assertThat(in.readAllBytes()).isEqualTo(big);
      }
    }
  }

  private static S3TierSettings settings(EmbeddedS3 s3) {
    return S3TierSettings.builder(s3.bucket(), "us-east-1")
        .endpoint(s3.endpoint())
        .pathStyle(true)
        .credentials("embedded", "embedded")
        .keyPrefix("tier")
        .storageClass(S3StorageClass.STANDARD)
        .multipartThreshold(5 * S3TierSettings.MIB)
        .partSize(5 * S3TierSettings.MIB)
        .thawMode(ThawMode.SIMULATED)
        .build();
  }

  private static String read(TierStore store, String key) throws Exception {
    try (InputStream in = store.open(key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
