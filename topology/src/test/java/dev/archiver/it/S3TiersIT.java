package dev.archiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.s3.S3TierSettings;
import dev.archiver.connectors.tier.s3.S3TierStore;
import dev.archiver.connectors.tier.s3.ThawMode;
import dev.archiver.embedded.EmbeddedS3;
import dev.archiver.testing.CliRunner;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.SourceTree;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The S3 tiers on the embedded default's S3 server (S3Proxy in process): every archive lands in its
 * storage class, and is verified and restored through the real S3 client code.
 */
@ExtendWith(SharedArchiver.class)
class S3TiersIT {

  @TempDir Path work;
  private CliRunner runner;
  private String tag;
  private S3TierStore bucket;

  @BeforeEach
  void setUp() throws Exception {
    runner = CliRunner.forSharedArchiver(work);
    tag = UUID.randomUUID().toString().substring(0, 8);
    bucket =
        new S3TierStore(
            S3TierSettings.builder(EmbeddedS3.BUCKET, "us-east-1")
                .endpoint(SharedArchiver.get().service().embeddedS3Endpoint().orElseThrow())
                .pathStyle(true)
                .credentials("test", "test")
                .thawMode(ThawMode.SIMULATED)
                .build());
  }

  @AfterEach
  void tearDown() {
    bucket.close();
  }

  private Path tree(String name) throws Exception {
    SourceTree tree =
        new SourceTree(
            SharedArchiver.get().config().sourceRoots().get(0).resolve(name + "-" + tag),
            name.length());
    tree.text("a.txt", "alpha " + name + "\n", "rw-r--r--");
    tree.random("b.bin", 700_000); // several 256 KiB chunks
    return tree.finish().root();
  }

  @ParameterizedTest
  @CsvSource({
    "standard, standard, STANDARD",
    "ia, standard-ia, STANDARD_IA",
    "glacier, glacier, GLACIER",
    "deep-archive, deep-archive, DEEP_ARCHIVE"
  })
  void shouldArchiveToEachClassAndVerifyItWithoutAThaw(
      String tier, String prefix, String storageClass) throws Exception {
    String runId = "s3-" + tier + "-" + tag;
    Path source = tree(tier);

    assertThat(cli("archive", runId, "--source", "file:" + source, "--tier", tier, "--wait"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();

    String archiveId = ArchiveKeys.archiveId(runId);
    String tierPrefix = prefix + "/";
    ObjectInfo chunk = bucket.stat(tierPrefix + ArchiveKeys.chunkKey(archiveId, 0));
    assertThat(chunk.storageClass()).isEqualTo(storageClass);
    assertThat(bucket.stat(tierPrefix + ArchiveKeys.manifestKey(archiveId)).storageClass())
        .as("the manifest is read at once, whatever the tier")
        .isIn("STANDARD", storageClass);
    List<String> objects = bucket.list(tierPrefix + ArchiveKeys.prefix(archiveId));
    assertThat(objects).hasSizeGreaterThan(3);

    assertThat(cli("verify", runId, "--shallow", "--wait", "--timeout", "120s"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(runner.out()).contains("intact");
    assertThat(cli("verify", runId, "--wait", "--json", "--timeout", "120s"))
        .as(
            "a deep check of a frozen archive is no alarm; out: %s err: %s",
            runner.out(), runner.err())
        .isZero();
    boolean cold = storageClass.equals("GLACIER") || storageClass.equals("DEEP_ARCHIVE");
    long chunks = objects.stream().filter(k -> k.contains("/chunk-")).count();
    JsonNode result = jsonResult(runner.out(), archiveId);
    assertThat(result.path("ok").asBoolean()).isTrue();
    assertThat(result.path("chunksChecked").asLong()).isEqualTo(chunks);
    if (cold) {
      assertThat(result.path("depth").asText())
          .as("the result says the frozen chunks were checked by stored checksum only")
          .isEqualTo("STORED_CHECKSUM");
      assertThat(result.path("chunksByStoredChecksum").asLong()).isEqualTo(chunks);
      assertThat(runner.out())
          .contains(chunks + " of " + chunks + " chunk(s) checked by stored checksum only");
    } else {
      assertThat(result.path("depth").asText()).isEqualTo("CONTENT");
      assertThat(result.path("chunksByStoredChecksum").asLong()).isZero();
      assertThat(runner.out()).doesNotContain("checked by stored checksum only");
    }
  }

  /** The --json line of one archive's result in verify's output. */
  private static JsonNode jsonResult(String out, String archiveId) throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (String line : out.lines().filter(l -> l.startsWith("{")).toList()) {
      JsonNode node = json.readTree(line);
      if (archiveId.equals(node.path("archiveId").asText())) {
        return node;
      }
    }
    throw new AssertionError("no JSON result for " + archiveId + " in: " + out);
  }

  @Test
  void shouldVerifyDeeplyAndRestoreFromS3Standard() throws Exception {
    String runId = "s3-restore-" + tag;
    Path source = tree("restore");
    assertThat(cli("archive", runId, "--source", "file:" + source, "--tier", "standard", "--wait"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();

    assertThat(cli("verify", runId, "--wait", "--timeout", "120s"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();

    Path target = SharedArchiver.get().config().restoreRoots().get(0).resolve("s3-" + tag);
    assertThat(cli("restore", runId, "--target", "file:" + target, "--wait", "--timeout", "120s"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(Files.readAllBytes(target.resolve("b.bin")))
        .isEqualTo(Files.readAllBytes(source.resolve("b.bin")));
    assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("alpha restore\n");
  }

  @Test
  void shouldRestoreFromGlacierThroughAThaw() throws Exception {
    String runId = "s3-thaw-" + tag;
    Path source = tree("thaw");
    assertThat(cli("archive", runId, "--source", "file:" + source, "--tier", "glacier", "--wait"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();
    Path target = SharedArchiver.get().config().restoreRoots().get(0).resolve("thawed-" + tag);

    assertThat(cli("restore", runId, "--target", "file:" + target, "--tier", "bulk")).isZero();
    String restoreId =
        runner
            .out()
            .lines()
            .filter(l -> l.startsWith("requested restore "))
            .map(l -> l.substring("requested restore ".length(), l.indexOf(" of ")))
            .findFirst()
            .orElseThrow();

    Set<String> seen = new java.util.concurrent.ConcurrentSkipListSet<>();
    Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              seen.add(restoreStatus(restoreId));
              return seen.contains("AVAILABLE") || seen.contains("FAILED");
            });
    assertThat(seen)
        .as("the restore waited for the thaw, then completed")
        .contains("THAWING", "AVAILABLE");
    assertThat(Files.readAllBytes(target.resolve("b.bin")))
        .isEqualTo(Files.readAllBytes(source.resolve("b.bin")));
  }

  @Test
  void shouldMoveAnArchiveFromHotToStandardToGlacierAndStayIntact() throws Exception {
    String runId = "s3-move-" + tag;
    Path source = tree("move");
    assertThat(cli("archive", runId, "--source", "file:" + source, "--tier", "hot", "--wait"))
        .isZero();
    String archiveId = ArchiveKeys.archiveId(runId);

    assertThat(cli("move", runId, "--to", "standard", "--wait", "--timeout", "120s"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(runner.out()).contains("moved " + archiveId, "from=FILESYSTEM", "to=S3_STANDARD");
    assertThat(bucket.stat("standard/" + ArchiveKeys.chunkKey(archiveId, 0)).storageClass())
        .isEqualTo("STANDARD");
    assertThat(
            SharedArchiver.get()
                .config()
                .filesystemTierPath()
                .resolve(ArchiveKeys.manifestKey(archiveId)))
        .as("the hot copy is gone")
        .doesNotExist();
    assertThat(cli("verify", runId, "--wait", "--timeout", "120s")).isZero();

    assertThat(cli("move", runId, "--to", "glacier", "--wait", "--timeout", "120s"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(bucket.stat("glacier/" + ArchiveKeys.chunkKey(archiveId, 0)).storageClass())
        .isEqualTo("GLACIER");
    assertThat(bucket.list("standard/" + ArchiveKeys.prefix(archiveId))).isEmpty();
    assertThat(cli("verify", runId, "--shallow", "--wait", "--timeout", "120s")).isZero();
  }

  @Test
  void shouldRefuseAnExpeditedThawOfDeepArchive() throws Exception {
    String runId = "s3-deep-" + tag;
    Path source = tree("deep");
    assertThat(
            cli("archive", runId, "--source", "file:" + source, "--tier", "deep-archive", "--wait"))
        .isZero();
    Path target = SharedArchiver.get().config().restoreRoots().get(0).resolve("deep-" + tag);

    assertThat(
            cli(
                "restore",
                runId,
                "--target",
                "file:" + target,
                "--tier",
                "expedited",
                "--wait",
                "--timeout",
                "60s"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isEqualTo(1);
    assertThat(runner.out())
        .contains("INVALID_FIELD", "EXPEDITED is not offered for S3_DEEP_ARCHIVE");
    assertThat(target).doesNotExist();
  }

  private String restoreStatus(String restoreId) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + SharedArchiver.get().service().httpPort()
                                + "/api/restores/"
                                + restoreId))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return "HTTP " + response.statusCode();
    }
    return new ObjectMapper().readTree(response.body()).path("restore").path("status").asText();
  }

  private int cli(String... args) {
    return runner.run(args);
  }
}
