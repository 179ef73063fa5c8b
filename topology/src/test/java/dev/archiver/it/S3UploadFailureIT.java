package dev.archiver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.tier.TierObjectNotFoundException;
import dev.archiver.connectors.tier.s3.S3Clients;
import dev.archiver.connectors.tier.s3.S3TierSettings;
import dev.archiver.connectors.tier.s3.S3TierStore;
import dev.archiver.connectors.tier.s3.ThawMode;
import dev.archiver.embedded.EmbeddedS3;
import dev.archiver.service.ArchiverService;
import dev.archiver.testing.CliRunner;
import dev.archiver.testing.S3Faults;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.SourceTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * A chunk upload to S3 that fails part-way through a run: the second part of its multipart upload
 * is answered 503 (after S3Proxy stored it) on every attempt the S3 client makes. The store aborts
 * the upload, so no partial object is visible and no multipart upload stays open; the chunk is
 * retried by the run (a 503 after the client's own retries counts as S3 being unreachable: the
 * chunk is packed into the outage spool and uploaded again from there) and the archive completes
 * and verifies.
 */
class S3UploadFailureIT {

  private static final long PART = 5L << 20; // S3's smallest part

  @TempDir static Path dataDir;
  @TempDir Path work;
  private static ArchiverService service;
  private static ArchiverConfig config;
  private static S3TierStore bucket;
  private static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> values = SharedArchiver.embeddedOnFreePorts(dataDir);
    // One chunk of about 12 MiB, uploaded in three parts of 5, 5 and 2 MiB.
    values.put(ConfigKeys.CHUNK_SIZE.name(), "16MiB");
    values.put(ConfigKeys.TIER_S3_MULTIPART_THRESHOLD.name(), "5MiB");
    values.put(ConfigKeys.TIER_S3_PART_SIZE.name(), "5MiB");
    values.put(ConfigKeys.CHUNK_RETRY_BACKOFF.name(), "1s");
    config = ArchiverConfig.defaultsWith(values);
    service = ArchiverService.start(config);
    S3TierSettings settings =
        S3TierSettings.builder(EmbeddedS3.BUCKET, "us-east-1")
            .endpoint(service.embeddedS3Endpoint().orElseThrow())
            .pathStyle(true)
            .credentials("test", "test")
            .thawMode(ThawMode.SIMULATED)
            .build();
    bucket = new S3TierStore(settings);
    s3 = S3Clients.create(settings);
  }

  @AfterAll
  static void stop() {
    S3Faults.disarm();
    if (s3 != null) {
      s3.close();
    }
    if (bucket != null) {
      bucket.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @AfterEach
  void disarm() {
    S3Faults.disarm();
  }

  private CliRunner cli() throws Exception {
    return CliRunner.withConfig(
        Files.writeString(
            work.resolve("cli-" + System.nanoTime() + ".yaml"),
            "kafka.bootstrap.servers: "
                + service.bootstrapServers()
                + "\nregistry.url: "
                + service.registryUrl()
                + "\n"));
  }

  private List<MultipartUpload> openUploads(String prefix) {
    return s3.listMultipartUploads(r -> r.bucket(EmbeddedS3.BUCKET).prefix(prefix)).uploads();
  }

  @Test
  void shouldLeaveNoPartialObjectOrOpenUploadAndRetryTheChunkToSuccess() throws Exception {
    String runId = "s3-upload-fault";
    SourceTree tree = new SourceTree(config.sourceRoots().get(0).resolve(runId), 9);
    tree.random("big.bin", 12L << 20); // incompressible: the chunk stays about 12 MiB
    tree.text("small.txt", "small\n", "rw-r--r--");
    Path source = tree.finish().root();
    String archiveId = ArchiveKeys.archiveId(runId);
    String chunkKey = "standard/" + ArchiveKeys.chunkKey(archiveId, 0);
    String archivePrefix = "standard/" + ArchiveKeys.prefix(archiveId);
    S3Faults.PartFault fault = S3Faults.failPart(ArchiveKeys.chunkKey(archiveId, 0), 2);

    CliRunner archive = cli();
    CompletableFuture<Integer> archived =
        CompletableFuture.supplyAsync(
            () ->
                archive.run(
                    "archive",
                    runId,
                    "--source",
                    "file:" + source,
                    "--tier",
                    "standard",
                    "--wait",
                    "--timeout",
                    "180s"));

    // The first upload failed at its second part and was aborted; the run's retry of the chunk
    // is held at the start of its own upload while we look.
    assertThat(fault.awaitRetryHeld(Duration.ofMinutes(2)))
        .as("the failed upload was aborted and the chunk retried; out: %s", archive.out())
        .isTrue();
    assertThat(fault.failedAttempts.get())
        .as("the S3 client retried the part before giving up")
        .isGreaterThan(1);
    assertThatThrownBy(() -> bucket.stat(chunkKey))
        .as("no partial object under the chunk's key")
        .isInstanceOf(TierObjectNotFoundException.class);
    assertThat(openUploads(archivePrefix))
        .as("no multipart upload left open (the parts S3 held are gone)")
        .isEmpty();
    assertThat(fault.aborted).containsExactly(fault.victimUploadId());

    fault.release();
    assertThat(archived.get(3, TimeUnit.MINUTES))
        .as("out: %s err: %s", archive.out(), archive.err())
        .isZero();

    assertThat(fault.uploads).hasSize(2);
    assertThat(fault.completed)
        .as("the retry's upload completed, the failed one never did")
        .containsExactly(fault.uploads.get(1));
    assertThat(bucket.stat(chunkKey).size())
        .as("the chunk went up in parts")
        .isGreaterThan(2 * PART);
    assertThat(openUploads(archivePrefix)).isEmpty();
    CliRunner verify = cli();
    assertThat(verify.run("verify", runId, "--wait", "--json", "--timeout", "120s"))
        .as("out: %s err: %s", verify.out(), verify.err())
        .isZero();
    assertThat(verify.out()).contains("\"ok\": true", "\"depth\": \"CONTENT\"");
  }
}
