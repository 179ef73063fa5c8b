package dev.archiver.it;

import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.tier.s3.S3TierSettings;
import dev.archiver.connectors.tier.s3.S3TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.ManifestCheck;
import dev.archiver.embedded.EmbeddedS3;
import dev.archiver.embedded.FreePorts;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import dev.archiver.events.StorageTier;
import dev.archiver.events.TargetSpec;
import dev.archiver.service.ArchiverService;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.EventDecoder;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 server stops mid-run: the chunks still to write go to the local spool and the run waits;
 * started again, the spool drains, checked, and the run completes with an archive that verifies,
 * each chunk stored once and nothing left in the spool or as an open upload.
 */
class ObjectStoreOutageIT {

  private static final String BUCKET = "outage";

  @TempDir Path dir;

  @Test
  void shouldSpoolThroughAnS3OutageAndCompleteWithAVerifiedArchive() throws Exception {
    int s3Port = FreePorts.next();
    Path s3Files = dir.resolve("s3");
    Files.createDirectories(s3Files.resolve(BUCKET));
    EmbeddedS3 s3 = EmbeddedS3.start(s3Files, s3Port, BUCKET);
    Path sources = dir.resolve("sources");
    Path source = tree(sources.resolve("big"));
    ArchiverConfig config = config(s3Port, sources);
    String runId = "outage-run";
    String archiveId = ArchiveKeys.archiveId(runId);
    try (ArchiverService service = ArchiverService.start(config);
        RequestProducer producer =
            new RequestProducer(service.bootstrapServers(), service.registryUrl());
        TopicReader completed =
            new TopicReader(service.bootstrapServers(), TopicNames.ARCHIVE_COMPLETED);
        TopicReader checks =
            new TopicReader(service.bootstrapServers(), TopicNames.INTEGRITY_RESULTS)) {
      producer.sendAvro(TopicNames.ARCHIVE_REQUESTS, runId, request(runId, source));

      Path chunkDir = s3Files.resolve(BUCKET).resolve("standard/" + ArchiveKeys.prefix(archiveId));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> chunkFiles(chunkDir) > 0);
      s3.close(); // mid-run: one chunk or a few are in, the rest are still being packed

      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> health(service).contains("\"spool\"") && spooledChunks(service) > 0);
      assertThat(TopicReader.readToEnd(service.bootstrapServers(), TopicNames.ARCHIVE_COMPLETED))
          .as("no completion while chunks are only in the spool")
          .isEmpty();
      assertThat(TopicReader.readToEnd(service.bootstrapServers(), TopicNames.ARCHIVE_FAILED))
          .as("an outage fails no run")
          .isEmpty();
      assertThat(metric(service, "archiver_tier_unreachable{tier=\"S3_STANDARD\"")).isEqualTo(1);

      s3 = EmbeddedS3.start(s3Files, s3Port, BUCKET);

      ConsumerRecord<byte[], byte[]> done =
          completed.await(r -> runId.equals(key(r)), Duration.ofMinutes(3));
      GenericRecord event = new EventDecoder(service.registryUrl()).decode(done.value());
      int chunkCount = (int) event.get("chunkCount");
      String manifestSha256 = event.get("manifestSha256").toString();

      assertThat(metric(service, "archiver_spool_chunks_moved_total{outcome=\"spooled\""))
          .as("chunks went through the spool")
          .isPositive();
      assertThat(metric(service, "archiver_spool_chunks_moved_total{outcome=\"drained\""))
          .isEqualTo(metric(service, "archiver_spool_chunks_moved_total{outcome=\"spooled\""));
      assertThat(spooledChunks(service)).isZero();
      assertThat(spoolEntries(config.spoolPath())).as("the spool is cleared").isZero();
      assertThat(chunkFiles(chunkDir)).as("each chunk stored once").isEqualTo(chunkCount);

      try (S3TierStore standard = bucket(s3Port)) {
        assertThat(standard.abortStaleUploads(Duration.ZERO))
            .as("no multipart upload left open")
            .isZero();
        ManifestCheck manifest = ArchiveVerifier.checkManifest(standard, archiveId, manifestSha256);
        assertThat(manifest.ok()).as(manifest.describe()).isTrue();
        for (ManifestChunk chunk : manifest.manifest().chunks()) {
          assertThat(ArchiveVerifier.checkChunk(standard, chunk, true).ok()).isTrue();
        }
      }

      producer.sendAvro(TopicNames.INTEGRITY_REQUESTS, "outage-check", deepCheck(archiveId));
      ConsumerRecord<byte[], byte[]> verdict =
          checks.await(r -> "outage-check".equals(key(r)), Duration.ofMinutes(2));
      assertThat(new EventDecoder(service.registryUrl()).decode(verdict.value()).get("ok"))
          .as("the archiver's own deep check")
          .isEqualTo(true);
    } finally {
      s3.close();
    }
  }

  private ArchiverConfig config(int s3Port, Path sources) {
    Map<String, String> values = new HashMap<>();
    values.put(ConfigKeys.DATA_DIR.name(), dir.resolve("data").toString());
    values.put(ConfigKeys.SOURCE_ROOTS.name(), sources.toString());
    values.put(ConfigKeys.HTTP_PORT.name(), "0");
    values.put(ConfigKeys.EMBEDDED_KAFKA_PORT.name(), "0");
    values.put(ConfigKeys.EMBEDDED_REGISTRY_PORT.name(), "0");
    values.put(ConfigKeys.TIER_S3_BUCKET.name(), BUCKET);
    values.put(ConfigKeys.TIER_S3_ENDPOINT.name(), "http://127.0.0.1:" + s3Port);
    values.put(ConfigKeys.TIER_S3_PATH_STYLE.name(), "true");
    values.put(ConfigKeys.TIER_S3_ACCESS_KEY.name(), "test");
    values.put(ConfigKeys.TIER_S3_SECRET_KEY.name(), "test");
    // Small chunks at a slow level: the run lasts long enough to be cut in the middle.
    values.put(ConfigKeys.CHUNK_SIZE.name(), "256KiB");
    values.put(ConfigKeys.COMPRESSION_LEVEL.name(), "19");
    return ArchiverConfig.defaultsWith(values);
  }

  /** 12 MiB of text that compresses, but slowly at level 19: about 48 chunks. */
  private static Path tree(Path root) throws Exception {
    Files.createDirectories(root);
    Random random = new Random(7);
    String[] words = {"alpha", "beta", "gamma", "delta", "archive", "tier", "spool", "chunk"};
    for (int f = 0; f < 4; f++) {
      StringBuilder text = new StringBuilder();
      while (text.length() < 3 << 20) {
        text.append(words[random.nextInt(words.length)])
            .append(' ')
            .append(random.nextInt(100_000))
            .append(random.nextInt(10) == 0 ? "\n" : " ");
      }
      Files.writeString(root.resolve("part-" + f + ".log"), text);
    }
    return root;
  }

  private static ArchiveRequested request(String runId, Path source) {
    ArchiveRequested request = Requests.archive(runId, "file:" + source);
    request.setTarget(TargetSpec.newBuilder().setTier(StorageTier.S3_STANDARD).build());
    return request;
  }

  private static IntegrityCheckRequested deepCheck(String archiveId) {
    return IntegrityCheckRequested.newBuilder()
        .setCheckId("outage-check")
        .setScope(IntegrityScope.ARCHIVE)
        .setArchiveId(archiveId)
        .setDeep(true)
        .setRequestedBy("it")
        .setRequestedAt(Instant.now())
        .build();
  }

  private static S3TierStore bucket(int port) {
    return new S3TierStore(
        S3TierSettings.builder(BUCKET, "us-east-1")
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .pathStyle(true)
            .credentials("test", "test")
            .keyPrefix("standard/")
            .build());
  }

  private static long chunkFiles(Path chunkDir) throws Exception {
    if (!Files.isDirectory(chunkDir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(chunkDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("chunk-")).count();
    }
  }

  private static long spoolEntries(Path spool) throws Exception {
    try (Stream<Path> files = Files.list(spool)) {
      // Spooled chunks are files; the plan copies are in a directory of their own.
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static String get(ArchiverService service, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return response.body();
  }

  private static String health(ArchiverService service) throws Exception {
    return get(service, "/health");
  }

  private static double spooledChunks(ArchiverService service) throws Exception {
    return metric(service, "archiver_spool_chunks ");
  }

  /** The value of the first Prometheus series that starts with {@code series}. */
  private static double metric(ArchiverService service, String series) throws Exception {
    List<String> lines = get(service, "/metrics").lines().toList();
    return lines.stream()
        .filter(line -> line.startsWith(series))
        .findFirst()
        .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .orElse(0.0);
  }
}
