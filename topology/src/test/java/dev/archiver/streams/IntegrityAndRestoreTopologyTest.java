package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.events.ChunkProblemKind;
import dev.archiver.events.ConflictStrategy;
import dev.archiver.events.IntegrityCheckCompleted;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RestoreCompleted;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.StoreNames;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integrity checks and restores through the whole topology, on archives it made itself. */
class IntegrityAndRestoreTopologyTest {

  private static final Map<String, String> SETTINGS =
      Map.of(
          ConfigKeys.CHUNK_SIZE.name(),
          "4KiB",
          ConfigKeys.INTEGRITY_SCHEDULE_INTERVAL.name(),
          "1m",
          ConfigKeys.INTEGRITY_SCHEDULE_SAMPLE.name(),
          "2");

  @TempDir Path dataDir;
  private TopologyFixture fx;

  @BeforeEach
  void setUp() throws IOException {
    fx =
        new TopologyFixture(
            dataDir, dataDir.resolve("streams"), SETTINGS, UnaryOperator.identity());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private String archive(String runId) throws IOException {
    Path root = Files.createDirectories(dataDir.resolve("sources").resolve(runId));
    Files.createDirectories(root.resolve("nested/empty"));
    Files.writeString(root.resolve("nested/notes.txt"), "hello " + runId + "\n");
    byte[] big = new byte[20_000];
    new Random(runId.hashCode()).nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    fx.input(fx.topics.archiveRequests).pipeInput(runId, archiveRequest(runId, "file:" + root));
    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(1);
    return ArchiveKeys.archiveId(runId);
  }

  private List<IntegrityCheckCompleted> check(
      String checkId, IntegrityScope scope, String runId, Integer sample) {
    IntegrityCheckRequested request =
        IntegrityCheckRequested.newBuilder()
            .setCheckId(checkId)
            .setScope(scope)
            .setRunId(runId)
            .setSampleSize(sample)
            .setDeep(true)
            .setRequestedBy("test")
            .setRequestedAt(Instant.EPOCH)
            .build();
    fx.input(fx.topics.integrityRequests).pipeInput(checkId, request);
    return fx.drain(fx.topics.integrityResults).stream()
        .map(TestRecord::value)
        .filter(r -> r.getCheckId().equals(checkId))
        .toList();
  }

  private Path chunk(String archiveId, int index) {
    return fx.config.filesystemTierPath().resolve(ArchiveKeys.chunkKey(archiveId, index));
  }

  @Test
  void shouldFindAnIntactArchiveIntactAndRecordTheVerdictInTheCatalog() throws IOException {
    String archiveId = archive("run-1");

    List<IntegrityCheckCompleted> results = check("check-1", IntegrityScope.ARCHIVE, "run-1", null);

    assertThat(results).hasSize(2);
    assertThat(results.get(0).getArchiveId()).isEqualTo(archiveId);
    assertThat(results.get(0).getOk()).isTrue();
    assertThat(results.get(1).getSummary()).isTrue();
    assertThat(results.get(1).getArchivesChecked()).isEqualTo(1);
    CatalogEntry entry =
        fx.driver.<String, CatalogEntry>getKeyValueStore(StoreNames.ARCHIVE_CATALOG).get(archiveId);
    assertThat(entry.status()).isEqualTo("OK");
    assertThat(entry.lastVerifiedAt()).isNotNull();
  }

  @Test
  void shouldNameTheChunkWithAFlippedByte() throws IOException {
    String archiveId = archive("run-1");
    try (RandomAccessFile file = new RandomAccessFile(chunk(archiveId, 1).toFile(), "rw")) {
      file.seek(10);
      int b = file.read();
      file.seek(10);
      file.write(b ^ 0xff);
    }

    IntegrityCheckCompleted result = check("check-1", IntegrityScope.ARCHIVE, "run-1", null).get(0);

    assertThat(result.getOk()).isFalse();
    assertThat(result.getProblems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getChunkIndex()).isEqualTo(1);
              assertThat(p.getKind()).isEqualTo(ChunkProblemKind.MISMATCHED);
              assertThat(p.getKey()).isEqualTo(ArchiveKeys.chunkKey(archiveId, 1));
            });
    assertThat(
            fx.driver
                .<String, CatalogEntry>getKeyValueStore(StoreNames.ARCHIVE_CATALOG)
                .get(archiveId)
                .status())
        .isEqualTo("CORRUPT");
    assertThat(fx.metrics.count("archiver.integrity.failures", "reason", "MISMATCHED"))
        .isEqualTo(1);
  }

  @Test
  void shouldNameATruncatedAndAMissingChunk() throws IOException {
    String archiveId = archive("run-1");
    try (RandomAccessFile file = new RandomAccessFile(chunk(archiveId, 0).toFile(), "rw")) {
      file.setLength(file.length() - 3);
    }
    Files.delete(chunk(archiveId, 2));

    IntegrityCheckCompleted result = check("check-1", IntegrityScope.ARCHIVE, "run-1", null).get(0);

    assertThat(result.getProblems())
        .extracting(p -> p.getChunkIndex() + ":" + p.getKind())
        .containsExactlyInAnyOrder("0:TRUNCATED", "2:MISSING");
  }

  @Test
  void shouldCatchAnEditedManifest() throws IOException {
    String archiveId = archive("run-1");
    Path manifest = fx.config.filesystemTierPath().resolve(ArchiveKeys.manifestKey(archiveId));
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replace("\"runId\" : \"run-1\"", "\"runId\" : \"run-2\"")
            .replace("\"runId\":\"run-1\"", "\"runId\":\"run-2\""));

    IntegrityCheckCompleted result = check("check-1", IntegrityScope.ARCHIVE, "run-1", null).get(0);

    assertThat(result.getOk()).isFalse();
    assertThat(result.getManifestOk()).isFalse();
  }

  @Test
  void shouldCheckASampleAndReportOrphansInACheckOfAll() throws IOException {
    archive("run-1");
    archive("run-2");
    archive("run-3");
    fx.tier.putBytes(
        "archives/leftover-0000000000000000/chunk-000000.tar.zst", new byte[] {1, 2, 3});

    List<IntegrityCheckCompleted> sample = check("check-s", IntegrityScope.SAMPLE, null, 2);
    List<IntegrityCheckCompleted> all = check("check-a", IntegrityScope.ALL, null, null);

    assertThat(sample).hasSize(3);
    assertThat(sample.get(2).getArchivesChecked()).isEqualTo(2);
    assertThat(all).hasSize(4);
    IntegrityCheckCompleted summary = all.get(3);
    assertThat(summary.getArchivesChecked()).isEqualTo(3);
    assertThat(summary.getOrphans())
        .containsExactly("archives/leftover-0000000000000000/chunk-000000.tar.zst");
    assertThat(summary.getOk()).as("orphans are listed, no archive is at fault").isTrue();
    assertThat(fx.tier.exists("archives/leftover-0000000000000000/chunk-000000.tar.zst"))
        .as("reported, never deleted")
        .isTrue();
  }

  @Test
  void shouldAnswerASampleAndAnAllCheckOverFiftyArchivesWithOneResultPerArchiveAndOneSummary()
      throws IOException {
    for (int i = 0; i < 50; i++) {
      archive("run-" + i);
    }

    List<IntegrityCheckCompleted> sample = check("check-s", IntegrityScope.SAMPLE, null, 10);
    List<IntegrityCheckCompleted> all = check("check-a", IntegrityScope.ALL, null, null);

    assertThat(
            sample.stream()
                .filter(r -> !r.getSummary())
                .map(IntegrityCheckCompleted::getArchiveId)
                .distinct())
        .hasSize(10);
    assertThat(sample)
        .filteredOn(IntegrityCheckCompleted::getSummary)
        .singleElement()
        .satisfies(s -> assertThat(s.getArchivesChecked()).isEqualTo(10));
    List<IntegrityCheckCompleted> perArchive = all.stream().filter(r -> !r.getSummary()).toList();
    assertThat(perArchive).hasSize(50);
    assertThat(perArchive.stream().map(IntegrityCheckCompleted::getArchiveId).distinct())
        .hasSize(50);
    assertThat(perArchive).allSatisfy(r -> assertThat(r.getOk()).isTrue());
    assertThat(all)
        .filteredOn(IntegrityCheckCompleted::getSummary)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getArchivesChecked()).isEqualTo(50);
              assertThat(s.getArchivesFailed()).isZero();
              assertThat(s.getOrphans()).isEmpty();
            });
  }

  @Test
  void shouldSampleArchivesOnItsOwnScheduleAsAVisibleRequest() throws IOException {
    archive("run-1");

    fx.driver.advanceWallClockTime(Duration.ofSeconds(61));

    List<IntegrityCheckCompleted> results =
        fx.drain(fx.topics.integrityResults).stream().map(TestRecord::value).toList();
    assertThat(results)
        .anySatisfy(
            r -> {
              assertThat(r.getSummary()).isTrue();
              assertThat(r.getCheckId()).startsWith("scheduled-");
              assertThat(r.getArchivesChecked()).isEqualTo(1);
            });
  }

  /**
   * @param ttlSeconds null leaves the TTL to the tier's default
   */
  private RestoreRequested restoreRequest(
      String restoreId, String runId, Path target, ConflictStrategy conflict, Long ttlSeconds) {
    return RestoreRequested.newBuilder()
        .setRestoreId(restoreId)
        .setRunId(runId)
        .setTarget("file:" + target)
        .setConflict(conflict)
        .setTtlSeconds(ttlSeconds)
        .setRequestedBy("test")
        .setRequestedAt(Instant.EPOCH)
        .build();
  }

  @Test
  void shouldRestoreAnArchiveAndRemoveTheCopyWhenItsTtlPasses() throws IOException {
    archive("run-1");
    Path target = fx.config.restoreRoots().get(0).resolve("r1");

    fx.input(fx.topics.restoreRequests)
        .pipeInput(
            "restore-1", restoreRequest("restore-1", "run-1", target, ConflictStrategy.FAIL, 60L));

    RestoreCompleted done = fx.drain(fx.topics.restoreCompleted).get(0).value();
    assertThat(done.getRecords()).isEqualTo(2);
    assertThat(done.getExpiresAt()).isNotNull();
    assertThat(target.resolve("nested/notes.txt")).hasContent("hello run-1");
    assertThat(target.resolve("nested/empty")).isDirectory();
    assertThat(Files.readAllBytes(target.resolve("big.bin")))
        .isEqualTo(Files.readAllBytes(dataDir.resolve("sources/run-1/big.bin")));

    fx.driver.advanceWallClockTime(Duration.ofSeconds(61));

    assertThat(target.resolve("big.bin")).doesNotExist();
    assertThat(
            fx.driver
                .<String, RestoreEntry>getKeyValueStore(StoreNames.RESTORE_QUEUE)
                .get("restore-1")
                .status())
        .isEqualTo("EXPIRED");
  }

  @Test
  void shouldKeepAFilesystemRestoreWithoutATtlUntilItIsRemoved() throws IOException {
    archive("run-1");
    Path target = fx.config.restoreRoots().get(0).resolve("kept");

    fx.input(fx.topics.restoreRequests)
        .pipeInput(
            "restore-1", restoreRequest("restore-1", "run-1", target, ConflictStrategy.FAIL, null));
    assertThat(fx.drain(fx.topics.restoreCompleted).get(0).value().getExpiresAt())
        .as("kept: no expiry")
        .isNull();
    fx.driver.advanceWallClockTime(
        Duration.ofDays(30)); // far past the 24 h the seed's TTL would have given it

    assertThat(target.resolve("big.bin")).exists();
    assertThat(
            fx.driver
                .<String, RestoreEntry>getKeyValueStore(StoreNames.RESTORE_QUEUE)
                .get("restore-1")
                .status())
        .isEqualTo("AVAILABLE");
  }

  @Test
  void shouldRefuseATtlThatWouldOverflowTheExpiry() {
    fx.input(fx.topics.restoreRequests)
        .pipeInput(
            "restore-1",
            restoreRequest(
                "restore-1",
                "run-1",
                fx.config.restoreRoots().get(0).resolve("x"),
                ConflictStrategy.FAIL,
                Long.MAX_VALUE / 10));

    assertThat(fx.drain(fx.topics.restoreFailed))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.value().getReason()).isEqualTo(ReasonCode.INVALID_FIELD);
              assertThat(f.value().getMessage()).contains("ttlSeconds");
            });
  }

  @Test
  void shouldRefuseToRestoreACorruptArchiveAndWriteNothing() throws IOException {
    String archiveId = archive("run-1");
    Files.write(chunk(archiveId, 1), new byte[] {9, 9, 9});
    Path target = fx.config.restoreRoots().get(0).resolve("r1");

    fx.input(fx.topics.restoreRequests)
        .pipeInput(
            "restore-1", restoreRequest("restore-1", "run-1", target, ConflictStrategy.FAIL, 0L));

    RestoreFailed failed = fx.drain(fx.topics.restoreFailed).get(0).value();
    assertThat(failed.getReason()).isEqualTo(ReasonCode.CHECKSUM_MISMATCH);
    assertThat(failed.getMessage()).contains(ArchiveKeys.chunkKey(archiveId, 1));
    try (Stream<Path> written = Files.exists(target) ? Files.walk(target) : Stream.empty()) {
      assertThat(written.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void shouldRefuseToRestoreFromAManifestEditedSinceItWasRecorded() throws IOException {
    String archiveId = archive("run-1");
    Path manifest = fx.config.filesystemTierPath().resolve(ArchiveKeys.manifestKey(archiveId));
    // Still a valid manifest of this archive, so only its recorded SHA-256 can tell it was edited.
    Files.writeString(manifest, Files.readString(manifest) + "\n");
    Path target = fx.config.restoreRoots().get(0).resolve("r1");

    fx.input(fx.topics.restoreRequests)
        .pipeInput(
            "restore-1", restoreRequest("restore-1", "run-1", target, ConflictStrategy.FAIL, 0L));

    RestoreFailed failed = fx.drain(fx.topics.restoreFailed).get(0).value();
    assertThat(failed.getReason()).isEqualTo(ReasonCode.CHECKSUM_MISMATCH);
    assertThat(failed.getMessage()).contains("manifest");
    assertThat(failed.getRetriable()).isFalse();
    assertThat(target).doesNotExist();
  }

  @Test
  void shouldFailARestoreOfAnUnknownArchive() {
    fx.input(fx.topics.restoreRequests)
        .pipeInput(
            "restore-1",
            restoreRequest(
                "restore-1",
                "no-such-run",
                fx.config.restoreRoots().get(0).resolve("x"),
                ConflictStrategy.FAIL,
                0L));

    assertThat(fx.drain(fx.topics.restoreFailed))
        .singleElement()
        .satisfies(f -> assertThat(f.value().getReason()).isEqualTo(ReasonCode.SOURCE_NOT_FOUND));
  }

  static Manifest read(TopologyFixture fx, String archiveId) throws IOException {
    return Manifests.read(fx.tier, archiveId);
  }
}
