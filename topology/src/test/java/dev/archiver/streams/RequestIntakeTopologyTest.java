package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static dev.archiver.streams.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.AuditEvent;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.events.RunProgress;
import dev.archiver.events.RunStage;
import dev.archiver.events.StorageTier;
import dev.archiver.streams.intake.DeadLetter;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.topics.TopicNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation and dead-lettering of requests, through the whole topology. */
class RequestIntakeTopologyTest {

  @TempDir Path dataDir;
  private TopologyFixture fx;
  private Path run;

  @BeforeEach
  void setUp() throws IOException {
    fx = new TopologyFixture(dataDir);
    run = Files.createDirectories(fx.sourceRoot.resolve("run-1"));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void shouldAcceptAValidArchiveRequestAndOpenTheRun() {
    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + run));

    KeyValueStore<String, RunState> runs = fx.driver.getKeyValueStore(StoreNames.RUN_STATE);
    assertThat(runs.get("run-1").sourceUri()).isEqualTo("file:" + run);
    List<TestRecord<String, RunProgress>> progress = fx.drain(fx.topics.runProgress);
    assertThat(progress.get(0).value().getStage()).isEqualTo(RunStage.ACCEPTED);
    assertThat(fx.drain(fx.topics.audit))
        .first()
        .satisfies(
            a -> {
              assertThat(a.key()).isEqualTo("run-1");
              assertThat(a.value().getAction()).isEqualTo("accepted");
              assertThat(a.value().getActor()).isEqualTo("test");
            });
    assertThat(fx.drainDlq()).isEmpty();
    assertThat(fx.metrics.count("archiver.requests.accepted", "topic", TopicNames.ARCHIVE_REQUESTS))
        .isEqualTo(1);
  }

  @Test
  void shouldStartAKnownRunOnceAndAnswerTheRepeatWithoutStartingIt() {
    var requests = fx.input(fx.topics.archiveRequests);
    requests.pipeInput("run-1", archiveRequest("run-1", "file:" + run));
    requests.pipeInput("run-1", archiveRequest("run-1", "file:" + run));

    assertThat(fx.drain(fx.topics.runProgress))
        .filteredOn(p -> p.value().getStage() == RunStage.ACCEPTED)
        .hasSize(1);
    assertThat(fx.drain(fx.topics.audit))
        .extracting(r -> r.value().getAction())
        .containsOnlyOnce("accepted", "repeat-answered")
        .endsWith("repeat-answered");
  }

  @Test
  void shouldRouteRandomBytesToDlqWithOriginalBytesAndNotifyTheRun() {
    byte[] garbage = new byte[64];
    new Random(7).nextBytes(garbage);
    garbage[0] = 0; // even with a plausible magic byte the id and body are nonsense

    fx.pipeRaw(TopicNames.ARCHIVE_REQUESTS, "run-9", garbage);

    TestRecord<byte[], byte[]> dead = single(fx.drainDlq());
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("run-9");
    assertThat(header(dead, DeadLetter.REASON))
        .isIn(ReasonCode.UNKNOWN_SCHEMA.name(), ReasonCode.MALFORMED_RECORD.name());
    assertThat(header(dead, DeadLetter.SOURCE_TOPIC)).isEqualTo(TopicNames.ARCHIVE_REQUESTS);
    assertThat(header(dead, DeadLetter.SOURCE_OFFSET)).isEqualTo("0");
    List<TestRecord<String, ArchiveFailed>> failed = fx.drain(fx.topics.archiveFailed);
    assertThat(failed)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.key()).isEqualTo("run-9");
              assertThat(f.value().getReason().name()).isEqualTo(header(dead, DeadLetter.REASON));
            });
    assertThat(fx.metrics.count("archiver.dead.letters", "topic", TopicNames.ARCHIVE_REQUESTS))
        .isEqualTo(1);
  }

  @Test
  void shouldRouteTextThatIsNotInTheWireFormatToDlqAsMalformed() {
    fx.pipeRaw(
        TopicNames.ARCHIVE_REQUESTS,
        "run-9",
        "{\"runId\":\"run-9\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(header(single(fx.drainDlq()), DeadLetter.REASON))
        .isEqualTo(ReasonCode.MALFORMED_RECORD.name());
  }

  @Test
  void shouldRouteAnUnknownSchemaIdToDlq() {
    byte[] unknownId = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(42).array();

    fx.pipeRaw(TopicNames.ARCHIVE_REQUESTS, "run-9", unknownId);

    TestRecord<byte[], byte[]> dead = single(fx.drainDlq());
    assertThat(header(dead, DeadLetter.REASON)).isEqualTo(ReasonCode.UNKNOWN_SCHEMA.name());
    assertThat(header(dead, DeadLetter.MESSAGE)).contains("987654");
  }

  @Test
  void shouldRouteAValidRecordOfTheWrongSchemaToDlq() {
    ArchiveCompleted wrong =
        ArchiveCompleted.newBuilder()
            .setRunId("run-9")
            .setArchiveId("a")
            .setTier(StorageTier.FILESYSTEM)
            .setLocation("x")
            .setChunkCount(1)
            .setBytesIn(1)
            .setBytesOut(1)
            .setRecords(1)
            .setManifestSha256("00")
            .setStartedAt(Instant.EPOCH)
            .setCompletedAt(Instant.EPOCH)
            .build();

    fx.pipeAny(TopicNames.ARCHIVE_REQUESTS, "run-9", wrong);

    TestRecord<byte[], byte[]> dead = single(fx.drainDlq());
    assertThat(header(dead, DeadLetter.REASON)).isEqualTo(ReasonCode.WRONG_EVENT_TYPE.name());
    assertThat(header(dead, DeadLetter.MESSAGE)).contains("ArchiveCompleted", "ArchiveRequested");
    assertThat(fx.drain(fx.topics.runProgress)).isEmpty();
  }

  @Test
  void shouldRouteARequestWithoutASourceToDlq() {
    // An older producer's schema: the same event without its source field.
    Schema full = ArchiveRequested.getClassSchema();
    Schema withoutSource =
        Schema.createRecord(
            full.getName(),
            full.getDoc(),
            full.getNamespace(),
            false,
            full.getFields().stream()
                .filter(f -> !f.name().equals("source"))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList());
    GenericRecord missing = new GenericData.Record(withoutSource);
    ArchiveRequested complete = archiveRequest("run-9", "file:" + run);
    for (Schema.Field field : withoutSource.getFields()) {
      missing.put(field.name(), complete.get(field.name()));
    }
    missing.put("requestedAt", 0L);
    missing.put("target", new GenericData.Record(withoutSource.getField("target").schema()));
    ((GenericRecord) missing.get("target"))
        .put("tier", new GenericData.EnumSymbol(StorageTier.getClassSchema(), "FILESYSTEM"));

    fx.pipeAny(TopicNames.ARCHIVE_REQUESTS, "run-9", missing);

    TestRecord<byte[], byte[]> dead = single(fx.drainDlq());
    assertThat(header(dead, DeadLetter.REASON)).isEqualTo(ReasonCode.MISSING_FIELD.name());
    assertThat(header(dead, DeadLetter.MESSAGE)).contains("source");
  }

  @Test
  void shouldRouteAnEmptySourceUriToDlq() {
    fx.input(fx.topics.archiveRequests).pipeInput("run-9", archiveRequest("run-9", ""));

    assertThat(header(single(fx.drainDlq()), DeadLetter.REASON))
        .isEqualTo(ReasonCode.MISSING_FIELD.name());
  }

  @Test
  void shouldRefuseAPathThatEscapesTheSourceRoots() {
    fx.input(fx.topics.archiveRequests)
        .pipeInput("run-9", archiveRequest("run-9", "file:" + run + "/../../../etc"));

    TestRecord<byte[], byte[]> dead = single(fx.drainDlq());
    assertThat(header(dead, DeadLetter.REASON)).isEqualTo(ReasonCode.PATH_OUTSIDE_ROOTS.name());
    assertThat(fx.drain(fx.topics.archiveFailed))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.value().getReason()).isEqualTo(ReasonCode.PATH_OUTSIDE_ROOTS);
              assertThat(f.value().getMessage()).contains("..");
            });
    assertThat(fx.driver.<String, RunState>getKeyValueStore(StoreNames.RUN_STATE).get("run-9"))
        .isNull();
  }

  @Test
  void shouldRefuseAnAbsolutePathOutsideTheRoots() {
    fx.input(fx.topics.archiveRequests).pipeInput("run-9", archiveRequest("run-9", "file:/etc"));

    assertThat(header(single(fx.drainDlq()), DeadLetter.REASON))
        .isEqualTo(ReasonCode.PATH_OUTSIDE_ROOTS.name());
  }

  @Test
  void shouldRefuseASymlinkInsideTheRootThatLeadsOutside() throws IOException {
    Path link = Files.createSymbolicLink(fx.sourceRoot.resolve("sneaky"), Path.of("/etc"));

    fx.input(fx.topics.archiveRequests).pipeInput("run-9", archiveRequest("run-9", "file:" + link));

    TestRecord<byte[], byte[]> dead = single(fx.drainDlq());
    assertThat(header(dead, DeadLetter.REASON)).isEqualTo(ReasonCode.PATH_OUTSIDE_ROOTS.name());
    assertThat(header(dead, DeadLetter.MESSAGE)).contains("symbolic link");
  }

  @Test
  void shouldRouteAnEmptyRunIdToDlqWithoutAFailureEvent() {
    fx.input(fx.topics.archiveRequests).pipeInput("", archiveRequest("", "file:" + run));

    TestRecord<byte[], byte[]> dead = single(fx.drainDlq());
    assertThat(header(dead, DeadLetter.REASON)).isEqualTo(ReasonCode.MISSING_FIELD.name());
    assertThat(header(dead, DeadLetter.MESSAGE)).contains("runId");
    assertThat(fx.drain(fx.topics.archiveFailed))
        .as("no run id is known, so nobody waits on one")
        .isEmpty();
  }

  @Test
  void shouldReKeyARequestKeyedByAnotherIdByItsRunId() {
    fx.input(fx.topics.archiveRequests)
        .pipeInput("some-other-key", archiveRequest("run-1", "file:" + run));

    assertThat(fx.drainDlq()).isEmpty();
    KeyValueStore<String, RunState> runs = fx.driver.getKeyValueStore(StoreNames.RUN_STATE);
    assertThat(runs.get("run-1"))
        .as("the run's state is keyed by its id, not by the record key it came with")
        .isNotNull();
    assertThat(runs.get("some-other-key")).isNull();
  }

  @Test
  void shouldRouteAnUnknownSourceTypeToDlq() {
    fx.input(fx.topics.archiveRequests)
        .pipeInput("run-9", archiveRequest("run-9", "ftp://example.org/data"));

    TestRecord<byte[], byte[]> dead = single(fx.drainDlq());
    assertThat(header(dead, DeadLetter.REASON)).isEqualTo(ReasonCode.UNKNOWN_SOURCE_TYPE.name());
    assertThat(header(dead, DeadLetter.MESSAGE)).contains("ftp");
  }

  @Test
  void shouldRouteATierThatIsNotConfiguredToDlq() {
    ArchiveRequested glacier = archiveRequest("run-9", "file:" + run);
    glacier.getTarget().setTier(StorageTier.S3_GLACIER);

    fx.input(fx.topics.archiveRequests).pipeInput("run-9", glacier);

    assertThat(header(single(fx.drainDlq()), DeadLetter.MESSAGE)).contains("S3_GLACIER");
  }

  @Test
  void shouldKeepProcessingAfterABadRecord() {
    fx.pipeRaw(TopicNames.ARCHIVE_REQUESTS, "run-9", new byte[] {1, 2, 3});
    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", "file:" + run));

    assertThat(fx.drainDlq()).hasSize(1);
    assertThat(fx.drain(fx.topics.runProgress))
        .extracting(TestRecord::key)
        .isNotEmpty()
        .containsOnly("run-1");
  }

  @Test
  void shouldValidateIntegrityRequestsAndAuditTheAcceptedOnes() {
    var checks = fx.input(fx.topics.integrityRequests);
    checks.pipeInput("check-1", integrityRequest("check-1", IntegrityScope.SAMPLE, 3));
    checks.pipeInput("check-2", integrityRequest("check-2", IntegrityScope.SAMPLE, 0));
    checks.pipeInput("check-3", integrityRequest("check-3", IntegrityScope.ARCHIVE, null));

    assertThat(fx.drain(fx.topics.audit)).extracting(TestRecord::key).containsExactly("check-1");
    assertThat(fx.drainDlq())
        .extracting(d -> header(d, DeadLetter.REASON))
        .containsExactly(ReasonCode.INVALID_FIELD.name(), ReasonCode.MISSING_FIELD.name());
  }

  @Test
  void shouldRefuseARestoreOutsideTheRestoreRootsAndNotifyIt() {
    RestoreRequested restore =
        RestoreRequested.newBuilder()
            .setRestoreId("restore-1")
            .setRunId("run-1")
            .setTarget("file:/tmp/../etc")
            .setRequestedAt(Instant.EPOCH)
            .build();

    fx.input(fx.topics.restoreRequests).pipeInput("restore-1", restore);

    assertThat(header(single(fx.drainDlq()), DeadLetter.REASON))
        .isEqualTo(ReasonCode.PATH_OUTSIDE_ROOTS.name());
    List<TestRecord<String, RestoreFailed>> failed = fx.drain(fx.topics.restoreFailed);
    assertThat(failed)
        .singleElement()
        .satisfies(f -> assertThat(f.value().getRestoreId()).isEqualTo("restore-1"));
  }

  @Test
  void shouldRouteGarbageOnEveryRequestTopicToDlq() {
    for (String topic :
        List.of(
            TopicNames.ARCHIVE_REQUESTS,
            TopicNames.INTEGRITY_REQUESTS,
            TopicNames.RESTORE_REQUESTS,
            TopicNames.ADMIN_REQUESTS)) {
      fx.pipeRaw(topic, "k", "garbage".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(fx.drainDlq())
        .extracting(d -> header(d, DeadLetter.SOURCE_TOPIC))
        .containsExactlyInAnyOrder(
            TopicNames.ARCHIVE_REQUESTS,
            TopicNames.INTEGRITY_REQUESTS,
            TopicNames.RESTORE_REQUESTS,
            TopicNames.ADMIN_REQUESTS);
    List<TestRecord<String, AuditEvent>> audit = fx.drain(fx.topics.audit);
    assertThat(audit)
        .as("admin requests are answered in the audit trail, a refused one too")
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.value().getAction()).isEqualTo("rejected");
              assertThat(answer.value().getDetails()).containsEntry("reason", "MALFORMED_RECORD");
            });
  }

  private static IntegrityCheckRequested integrityRequest(
      String id, IntegrityScope scope, Integer sample) {
    return IntegrityCheckRequested.newBuilder()
        .setCheckId(id)
        .setScope(scope)
        .setSampleSize(sample)
        .setRequestedAt(Instant.EPOCH)
        .build();
  }

  private static <T> T single(List<T> records) {
    assertThat(records).hasSize(1);
    return records.get(0);
  }
}
