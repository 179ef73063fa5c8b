package dev.archiver.streams;

import static dev.archiver.streams.ArchivePathTopologyTest.withRequestId;
import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RunStage;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every archive request gets an answer that is true for it, correlated by its requestId. (Resuming
 * work left pending by a crash: BackgroundJobsTest; TopologyTestDriver wipes its state when
 * closed.)
 */
class RequestIdentityTopologyTest {

  private static final Map<String, String> SMALL_CHUNKS =
      Map.of(ConfigKeys.CHUNK_SIZE.name(), "4KiB");

  @TempDir Path dataDir;
  private TopologyFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  private void start(WorkPools pools) throws IOException {
    fx =
        new TopologyFixture(
            dataDir, dataDir.resolve("streams"), SMALL_CHUNKS, UnaryOperator.identity(), pools);
  }

  private Path tree(String name) throws IOException {
    Path root = Files.createDirectories(dataDir.resolve("sources").resolve(name));
    Files.writeString(root.resolve("a.txt"), "alpha\n".repeat(2000));
    Files.writeString(root.resolve("b.txt"), "beta\n".repeat(3000));
    return root;
  }

  private static ArchiveRequested request(String runId, Path source, String requestId) {
    return withRequestId(archiveRequest(runId, "file:" + source), requestId);
  }

  private List<ArchiveCompleted> completions() {
    return fx.drain(fx.topics.archiveCompleted).stream().map(TestRecord::value).toList();
  }

  private List<ArchiveFailed> failures() {
    return fx.drain(fx.topics.archiveFailed).stream().map(TestRecord::value).toList();
  }

  @Test
  void shouldArchiveARunWhoseIdWasUsedByADryRunBefore() throws IOException {
    start(WorkPools.direct());
    Path root = tree("run-1");
    ArchiveRequested dryRun = request("run-1", root, "dry");
    dryRun.setDryRun(true);
    var requests = fx.input(fx.topics.archiveRequests);

    requests.pipeInput("run-1", dryRun);
    requests.pipeInput("run-1", request("run-1", root, "real"));

    assertThat(completions())
        .extracting(
            ArchiveCompleted::getRequestId,
            ArchiveCompleted::getDryRun,
            ArchiveCompleted::getRepeat)
        .containsExactly(tuple("dry", true, false), tuple("real", false, false));
    assertThat(
            fx.config
                .filesystemTierPath()
                .resolve(ArchiveKeys.manifestKey(ArchiveKeys.archiveId("run-1"))))
        .exists();
  }

  @Test
  void shouldRefuseAnotherSourceForAnArchivedRunIdNamingBothAndLeaveTheRunAlone()
      throws IOException {
    start(WorkPools.direct());
    Path a = tree("a");
    Path b = tree("b");
    var requests = fx.input(fx.topics.archiveRequests);
    requests.pipeInput("run-1", request("run-1", a, "from-a"));
    assertThat(completions()).hasSize(1);

    requests.pipeInput("run-1", request("run-1", b, "from-b"));

    assertThat(completions()).as("b was never read, so nothing may say it was archived").isEmpty();
    assertThat(failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getReason()).isEqualTo(ReasonCode.RUN_ID_CONFLICT);
              assertThat(f.getRequestId()).isEqualTo("from-b");
              assertThat(f.getRunFailed()).isFalse();
              assertThat(f.getMessage()).contains("file:" + a, "file:" + b);
            });
    RunState run = fx.driver.<String, RunState>getKeyValueStore(StoreNames.RUN_STATE).get("run-1");
    assertThat(run.stage()).isEqualTo(RunStage.COMPLETED);
    assertThat(run.sourceUri()).isEqualTo("file:" + a);
  }

  @Test
  void shouldAnswerARefusedRequestWithItsRequestId() throws IOException {
    start(WorkPools.direct());

    fx.input(fx.topics.archiveRequests)
        .pipeInput("run-9", withRequestId(archiveRequest("run-9", "file:/etc"), "outside"));

    assertThat(failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getReason()).isEqualTo(ReasonCode.PATH_OUTSIDE_ROOTS);
              assertThat(f.getRequestId()).isEqualTo("outside");
              assertThat(f.getRunFailed()).isFalse();
            });
  }

  @Test
  void shouldAnswerEveryIdenticalRequestThatJoinedARunInFlight() throws IOException {
    HeldJobs jobs = new HeldJobs();
    start(jobs.pools());
    Path root = tree("run-1");
    var requests = fx.input(fx.topics.archiveRequests);

    requests.pipeInput("run-1", request("run-1", root, "first"));
    requests.pipeInput("run-1", request("run-1", root, "second"));
    assertThat(jobs.held()).as("planning is held back, so the run is in flight").isEqualTo(1);
    assertThat(completions()).isEmpty();
    jobs.runAll(fx.driver);

    assertThat(completions())
        .extracting(ArchiveCompleted::getRequestId, ArchiveCompleted::getRepeat)
        .containsExactlyInAnyOrder(tuple("first", false), tuple("second", true));
    assertThat(fx.drain(fx.topics.audit))
        .extracting(a -> a.value().getAction())
        .containsOnlyOnce("accepted", "duplicate-joined", "completed");
  }
}
