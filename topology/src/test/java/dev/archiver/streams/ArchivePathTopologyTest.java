package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.PagedPlan;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.Manifests;
import dev.archiver.connectors.plan.StoredPlans;
import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RunProgress;
import dev.archiver.events.RunStage;
import dev.archiver.streams.archive.PlanRun;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planning, chunking, retries and aggregation through the whole topology, on a real filesystem
 * tier.
 */
class ArchivePathTopologyTest {

  private static final Map<String, String> SMALL_CHUNKS =
      Map.of(
          ConfigKeys.CHUNK_SIZE.name(),
          "4KiB",
          ConfigKeys.CHUNK_MAX_ATTEMPTS.name(),
          "3",
          ConfigKeys.CHUNK_RETRY_BACKOFF.name(),
          "2s");

  @TempDir Path dataDir;
  private TopologyFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  private TopologyFixture start(UnaryOperator<dev.archiver.connectors.tier.TierStore> wrap)
      throws IOException {
    fx = new TopologyFixture(dataDir, dataDir.resolve("streams"), SMALL_CHUNKS, wrap);
    return fx;
  }

  private Path tree(String name) throws IOException {
    Path root = Files.createDirectories(dataDir.resolve("sources").resolve(name));
    Files.createDirectories(root.resolve("nested/deeper"));
    Files.createDirectories(root.resolve("empty"));
    Files.writeString(root.resolve("a.txt"), "alpha\n".repeat(500));
    Files.write(root.resolve("nested/empty.bin"), new byte[0]);
    byte[] big = new byte[20_000]; // spans several 4 KiB chunks
    new Random(3).nextBytes(big);
    Files.write(root.resolve("nested/deeper/big.bin"), big);
    return root;
  }

  @Test
  void shouldPlanChunkWriteAndCompleteARunWithItsManifestWrittenLast() throws IOException {
    start(UnaryOperator.identity());
    Path root = tree("run-1");

    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + root));

    List<TestRecord<String, ArchiveCompleted>> completed = fx.drain(fx.topics.archiveCompleted);
    assertThat(completed).hasSize(1);
    ArchiveCompleted done = completed.get(0).value();
    int expectedChunks = FileTreePlanner.plan(root, 4096).chunks().size();
    assertThat(expectedChunks).isGreaterThan(5);
    assertThat(done.getChunkCount()).isEqualTo(expectedChunks);
    assertThat(done.getRecords()).isEqualTo(3);
    assertThat(done.getBytesOut()).isPositive();

    Manifest manifest = Manifests.read(fx.tier, done.getArchiveId());
    assertThat(manifest.chunks()).hasSize(expectedChunks);
    assertThat(manifest.encryption()).isEqualTo("none");
    assertThat(done.getLocation())
        .isEqualTo(fx.tier.location(ArchiveKeys.manifestKey(done.getArchiveId())));
    for (var chunk : manifest.chunks()) {
      assertThat(fx.tier.size(chunk.key())).isEqualTo(chunk.bytesOut());
    }
    String planKey = PlanRun.planKey(done.getArchiveId());
    assertThat(StoredPlans.open(fx.tier, planKey))
        .as("the plan is stored in pages, its index under the plan key")
        .isInstanceOf(PagedPlan.class);
    assertThat(fx.tier.exists(ArchiveKeys.planPageKey(planKey, 0))).as("page 0 beside it").isTrue();

    RunState run = fx.driver.<String, RunState>getKeyValueStore(StoreNames.RUN_STATE).get("run-1");
    assertThat(run.stage()).isEqualTo(RunStage.COMPLETED);
    CatalogEntry entry =
        fx.driver
            .<String, CatalogEntry>getKeyValueStore(StoreNames.ARCHIVE_CATALOG)
            .get(done.getArchiveId());
    assertThat(entry.manifestSha256()).isEqualTo(done.getManifestSha256());
    List<RunProgress> progress =
        fx.drain(fx.topics.runProgress).stream().map(TestRecord::value).toList();
    assertThat(progress.get(progress.size() - 1).getStage()).isEqualTo(RunStage.COMPLETED);
    assertThat(progress).extracting(RunProgress::getChunksDone).isSorted();
    assertThat(fx.metrics.count("archiver.archives.completed")).isEqualTo(1);
    assertThat(fx.metrics.count("archiver.bytes.in")).isEqualTo((double) done.getBytesIn());
  }

  @Test
  void shouldFinishARunWhosePlanAnEarlierVersionStoredWhole() throws IOException {
    start(UnaryOperator.identity());
    Path root = tree("run-1");
    TarPlan whole = FileTreePlanner.plan(root, 4096);
    String planKey = PlanRun.planKey(ArchiveKeys.archiveId("run-1"));
    fx.tier.putBytes(planKey, whole.toJson()); // format 1, as stored before the upgrade

    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + root));

    ArchiveCompleted done = fx.drain(fx.topics.archiveCompleted).get(0).value();
    Manifest manifest = Manifests.read(fx.tier, done.getArchiveId());
    assertThat(manifest.chunks()).hasSize(whole.chunks().size());
    assertThat(manifest.totals().files()).isEqualTo(whole.fileCount());
    assertThat(manifest.totals().streamBytes()).isEqualTo(whole.streamLength());
    assertThat(fx.tier.exists(ArchiveKeys.planPageKey(planKey, 0)))
        .as("the stored plan was used, not planned again")
        .isFalse();
  }

  @Test
  void shouldArchiveARunOnceWhenItIsRequestedTwice() throws IOException {
    start(UnaryOperator.identity());
    Path root = tree("run-1");
    var requests = fx.input(fx.topics.archiveRequests);

    requests.pipeInput("run-1", withRequestId(archiveRequest("run-1", "file:" + root), "first"));
    requests.pipeInput("run-1", withRequestId(archiveRequest("run-1", "file:" + root), "second"));

    List<ArchiveCompleted> answers =
        fx.drain(fx.topics.archiveCompleted).stream().map(TestRecord::value).toList();
    assertThat(answers)
        .extracting(ArchiveCompleted::getRequestId, ArchiveCompleted::getRepeat)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("first", false),
            org.assertj.core.groups.Tuple.tuple("second", true));
    assertThat(answers.get(1).getManifestSha256())
        .as("the repeat describes the same archive")
        .isEqualTo(answers.get(0).getManifestSha256());
    assertThat(answers.get(1).getRecords()).isEqualTo(answers.get(0).getRecords());
  }

  static ArchiveRequested withRequestId(ArchiveRequested request, String requestId) {
    request.setRequestId(requestId);
    return request;
  }

  @Test
  void shouldReportADryRunAndWriteNothing() throws IOException {
    start(UnaryOperator.identity());
    Path root = tree("run-1");
    ArchiveRequested dryRun = archiveRequest("run-1", "file:" + root);
    dryRun.setDryRun(true);

    fx.input(fx.topics.archiveRequests).pipeInput("run-1", dryRun);

    ArchiveCompleted done = fx.drain(fx.topics.archiveCompleted).get(0).value();
    assertThat(done.getDryRun()).isTrue();
    assertThat(done.getChunkCount()).isEqualTo(FileTreePlanner.plan(root, 4096).chunks().size());
    assertThat(done.getRecords()).isEqualTo(3);
    assertThat(fx.tier.list("")).as("nothing written to the tier").isEmpty();
  }

  @Test
  void shouldRetryAFailedChunkAfterTheBackoffWithoutBlocking() throws IOException {
    FlakyTierStore[] flaky = new FlakyTierStore[1];
    start(store -> flaky[0] = new FlakyTierStore(store, 1));
    Path root = tree("run-1");

    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + root));

    assertThat(fx.drain(fx.topics.archiveCompleted))
        .as("one chunk is still waiting for its retry")
        .isEmpty();
    assertThat(fx.metrics.count("archiver.chunk.retries")).isEqualTo(1);
    fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(fx.drain(fx.topics.archiveCompleted)).as("backoff of 2s not over yet").isEmpty();

    fx.driver.advanceWallClockTime(Duration.ofMillis(1500));

    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(1);
    RunState run = fx.driver.<String, RunState>getKeyValueStore(StoreNames.RUN_STATE).get("run-1");
    assertThat(run.attempts()).isEqualTo(2);
  }

  @Test
  void shouldFailTheRunAtOnceWhenAPlannedFileIsGoneAndLetOtherRunsGoOn() throws IOException {
    start(UnaryOperator.identity());
    Path root = tree("run-1");
    // The plan is fixed first (as after planning); then a planned file vanishes before its chunk is
    // read.
    fx.tier.putBytes(
        PlanRun.planKey(ArchiveKeys.archiveId("run-1")), FileTreePlanner.plan(root, 4096).toJson());
    Files.delete(root.resolve("nested/deeper/big.bin"));
    Path other = tree("run-2");

    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + root));
    fx.input(fx.topics.archiveRequests)
        .pipeInput("run-2", archiveRequest("run-2", "file:" + other));

    List<TestRecord<String, ArchiveFailed>> failed = fx.drain(fx.topics.archiveFailed);
    assertThat(failed)
        .as("a permanent failure is not retried: no wall-clock time passed")
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.key()).isEqualTo("run-1");
              assertThat(f.value().getReason()).isEqualTo(ReasonCode.SOURCE_NOT_FOUND);
              assertThat(f.value().getAttempts()).isEqualTo(1);
              assertThat(f.value().getRetriable()).isFalse();
              assertThat(f.value().getMessage()).contains("big.bin");
            });
    assertThat(fx.metrics.count("archiver.chunk.retries")).isZero();
    assertThat(fx.drain(fx.topics.archiveCompleted))
        .extracting(TestRecord::key)
        .containsExactly("run-2");
    assertThat(fx.tier.exists(ArchiveKeys.manifestKey(ArchiveKeys.archiveId("run-1"))))
        .as("no manifest for a failed run")
        .isFalse();
    assertThat(fx.metrics.count("archiver.archives.failed", "reason", "SOURCE_NOT_FOUND"))
        .isEqualTo(1);
  }

  @Test
  void shouldFailAChangedSourceAtOnceAsSourceChanged() throws IOException {
    start(UnaryOperator.identity());
    Path root = tree("run-1");
    fx.tier.putBytes(
        PlanRun.planKey(ArchiveKeys.archiveId("run-1")), FileTreePlanner.plan(root, 4096).toJson());
    Files.writeString(root.resolve("nested/deeper/big.bin"), "rewritten after planning");

    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + root));

    assertThat(fx.drain(fx.topics.archiveFailed))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.value().getReason()).isEqualTo(ReasonCode.SOURCE_CHANGED);
              assertThat(f.value().getAttempts()).isEqualTo(1);
              assertThat(f.value().getRetriable()).isFalse();
            });
  }

  @Test
  void shouldRetryAnUnavailableTierWithBackoffAndSayTheFailureIsRetriable() throws IOException {
    start(store -> new FlakyTierStore(store, Integer.MAX_VALUE));
    Path root = tree("run-1");

    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + root));
    fx.driver.advanceWallClockTime(Duration.ofSeconds(3)); // retry 2 after 2 s
    fx.driver.advanceWallClockTime(Duration.ofSeconds(5)); // retry 3 after 4 s more

    assertThat(fx.drain(fx.topics.archiveFailed))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.value().getReason()).isEqualTo(ReasonCode.STORAGE_UNAVAILABLE);
              assertThat(f.value().getAttempts()).isEqualTo(3);
              assertThat(f.value().getRetriable()).isTrue();
            });
  }

  /** A tier whose writes of plans fail {@code times} times, as a storage blip would. */
  private static UnaryOperator<dev.archiver.connectors.tier.TierStore> planWritesFail(int times) {
    java.util.concurrent.atomic.AtomicInteger left =
        new java.util.concurrent.atomic.AtomicInteger(times);
    return store ->
        new dev.archiver.connectors.tier.ForwardingTierStore(store) {
          @Override
          public <T> T put(String key, dev.archiver.connectors.tier.ObjectWriter<T> writer)
              throws IOException {
            if (key.endsWith("/plan.json") && left.getAndDecrement() > 0) {
              throw new IOException("simulated outage writing " + key);
            }
            return delegate.put(key, writer);
          }
        };
  }

  @Test
  void shouldRetryPlanningWhenTheTierBlipsWithoutFailingTheRun() throws IOException {
    start(planWritesFail(1));
    Path root = tree("run-1");

    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + root));
    assertThat(fx.drain(fx.topics.archiveFailed)).isEmpty();
    assertThat(fx.drain(fx.topics.archiveCompleted))
        .as("waiting for the retry's backoff")
        .isEmpty();
    fx.driver.advanceWallClockTime(Duration.ofSeconds(3));

    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(1);
    assertThat(fx.drain(fx.topics.archiveFailed)).isEmpty();
  }

  @Test
  void shouldFailPlanningRetriablyWhenTheTierStaysDown() throws IOException {
    start(planWritesFail(Integer.MAX_VALUE));
    Path root = tree("run-1");

    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + root));
    fx.driver.advanceWallClockTime(Duration.ofSeconds(3)); // attempt 2 after 2 s
    fx.driver.advanceWallClockTime(Duration.ofSeconds(5)); // attempt 3 after 4 s more

    assertThat(fx.drain(fx.topics.archiveFailed))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.value().getReason()).isEqualTo(ReasonCode.STORAGE_UNAVAILABLE);
              assertThat(f.value().getRetriable()).isTrue();
              assertThat(f.value().getAttempts()).isEqualTo(3);
              assertThat(f.value().getMessage()).contains("after 3 attempts");
            });
  }

  @Test
  void shouldRetryAFailedRunFromScratchWhenItIsRequestedAgain() throws IOException {
    start(UnaryOperator.identity());
    Path root = tree("run-1");
    Path big = root.resolve("nested/deeper/big.bin");
    byte[] content = Files.readAllBytes(big);
    fx.tier.putBytes(
        PlanRun.planKey(ArchiveKeys.archiveId("run-1")), FileTreePlanner.plan(root, 4096).toJson());
    Files.delete(big);
    var requests = fx.input(fx.topics.archiveRequests);
    requests.pipeInput("run-1", archiveRequest("run-1", "file:" + root));
    fx.driver.advanceWallClockTime(Duration.ofSeconds(3));
    fx.driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(fx.drain(fx.topics.archiveFailed))
        .singleElement()
        .satisfies(f -> assertThat(f.value().getMessage()).contains("publish the request again"));

    Files.write(
        big,
        content); // the operator puts the file back: a new mtime, so the old plan no longer fits it
    Files.setLastModifiedTime(
        big, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    requests.pipeInput("run-1", archiveRequest("run-1", "file:" + root));

    List<TestRecord<String, ArchiveCompleted>> completed = fx.drain(fx.topics.archiveCompleted);
    assertThat(completed).hasSize(1);
    assertThat(completed.get(0).value().getRecords()).isEqualTo(3);
    assertThat(fx.drain(fx.topics.audit))
        .extracting(a -> a.value().getAction())
        .contains("retry-accepted");
    RunState run = fx.driver.<String, RunState>getKeyValueStore(StoreNames.RUN_STATE).get("run-1");
    assertThat(run.stage()).isEqualTo(RunStage.COMPLETED);
    assertThat(run.generation()).isEqualTo(1);
  }

  @Test
  void shouldFailARunWhoseSourceDoesNotExist() throws IOException {
    start(UnaryOperator.identity());
    Files.createDirectories(dataDir.resolve("sources"));

    fx.input(fx.topics.archiveRequests)
        .pipeInput("run-1", archiveRequest("run-1", "file:" + dataDir.resolve("sources/missing")));

    assertThat(fx.drain(fx.topics.archiveFailed))
        .singleElement()
        .satisfies(f -> assertThat(f.value().getReason()).isEqualTo(ReasonCode.SOURCE_NOT_FOUND));
  }

  @Test
  void shouldRecognizeAnArchivedRunAfterStateIsLostAndAnswerItAsARepeat() throws IOException {
    start(UnaryOperator.identity());
    Path root = tree("run-1");
    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + root));
    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(1);
    fx.close();

    // Same tier, empty state: what a replay after the state and changelogs were reset looks like.
    fx =
        new TopologyFixture(
            dataDir, dataDir.resolve("streams-fresh"), SMALL_CHUNKS, UnaryOperator.identity());
    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + root));

    assertThat(fx.drain(fx.topics.archiveCompleted))
        .as("answered as a repeat: nothing new was archived")
        .singleElement()
        .satisfies(c -> assertThat(c.value().getRepeat()).isTrue());
    assertThat(fx.drain(fx.topics.audit))
        .extracting(a -> a.value().getAction())
        .contains("already-archived");
    assertThat(
            fx.driver.<String, RunState>getKeyValueStore(StoreNames.RUN_STATE).get("run-1").stage())
        .isEqualTo(RunStage.COMPLETED);
    CatalogEntry rebuilt =
        fx.driver
            .<String, CatalogEntry>getKeyValueStore(StoreNames.ARCHIVE_CATALOG)
            .get(ArchiveKeys.archiveId("run-1"));
    assertThat(rebuilt).as("catalog entry rebuilt from the manifest in the tier").isNotNull();
    assertThat(rebuilt.manifestSha256())
        .isEqualTo(
            Sha256.of(
                Files.readAllBytes(
                    fx.config
                        .filesystemTierPath()
                        .resolve(ArchiveKeys.manifestKey(rebuilt.archiveId())))));
  }
}
