package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.events.AdminAction;
import dev.archiver.events.AdminRequested;
import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.AuditEvent;
import dev.archiver.events.ReasonCode;
import dev.archiver.streams.lifecycle.PlanAdminAction;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.StoreNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention classes, legal holds and purge, on the real topology. */
class LifecycleTopologyTest {

  private static final Map<String, String> SETTINGS =
      Map.of(
          ConfigKeys.CHUNK_SIZE.name(), "4KiB",
          ConfigKeys.RETENTION_CLASSES.name(), "short=1d,long=3650d",
          ConfigKeys.RETENTION_PURGE_INTERVAL.name(), "0s");

  @TempDir Path dataDir;
  private TopologyFixture fx;
  private int requests;

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

  private String archive(String runId, String retentionClass, boolean hold) throws IOException {
    Path root = Files.createDirectories(fx.sourceRoot.resolve(runId));
    Files.writeString(root.resolve("a.txt"), "hello " + runId + "\n".repeat(3000));
    ArchiveRequested request = archiveRequest(runId, "file:" + root);
    request.setRetentionClass(retentionClass);
    request.setLegalHold(hold);
    fx.input(fx.topics.archiveRequests).pipeInput(runId, request);
    List<ArchiveCompleted> completed = values(fx.drain(fx.topics.archiveCompleted));
    assertThat(completed).as("completion of %s", runId).hasSize(1);
    assertThat(completed.get(0).getRepeat()).isFalse();
    return ArchiveKeys.archiveId(runId);
  }

  private void admin(AdminAction action, String archiveId, Map<String, String> parameters) {
    String requestId = "admin-" + ++requests;
    fx.input(fx.topics.adminRequests)
        .pipeInput(
            requestId,
            AdminRequested.newBuilder()
                .setRequestId(requestId)
                .setAction(action)
                .setArchiveId(archiveId)
                .setParameters(parameters)
                .setRequestedBy("legal@example.com")
                .setRequestedAt(Instant.EPOCH)
                .build());
  }

  private CatalogEntry catalog(String archiveId) {
    KeyValueStore<String, CatalogEntry> store =
        fx.driver.getKeyValueStore(StoreNames.ARCHIVE_CATALOG);
    return store.get(archiveId);
  }

  private List<String> objectsOf(String archiveId) throws IOException {
    return fx.tier.list(ArchiveKeys.prefix(archiveId));
  }

  private List<AuditEvent> audits(String action) {
    return values(fx.drain(fx.topics.audit)).stream()
        .filter(a -> a.getAction().equals(action))
        .toList();
  }

  private static <V> List<V> values(List<TestRecord<String, V>> records) {
    return records.stream().map(TestRecord::value).toList();
  }

  @Test
  void shouldRecordTheRetentionClassAndExpiryOfAnArchive() throws IOException {
    String archiveId = archive("run-short", "short", false);

    CatalogEntry entry = catalog(archiveId);
    assertThat(entry.retentionClass()).isEqualTo("short");
    assertThat(entry.legalHold()).isFalse();
    assertThat(entry.expiresAt()).isEqualTo(entry.createdAt() + Duration.ofDays(1).toMillis());

    String forever = archive("run-none", null, false);
    assertThat(catalog(forever).retentionClass()).isNull();
    assertThat(catalog(forever).expiresAt()).isNull();
  }

  @Test
  void shouldRefuseARetentionClassThatIsNotConfigured() throws IOException {
    Path root = Files.createDirectories(fx.sourceRoot.resolve("run-x"));
    Files.writeString(root.resolve("a.txt"), "x");
    ArchiveRequested request = archiveRequest("run-x", "file:" + root);
    request.setRetentionClass("forever-and-a-day");
    fx.input(fx.topics.archiveRequests).pipeInput("run-x", request);

    List<ArchiveFailed> failed = values(fx.drain(fx.topics.archiveFailed));
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).getReason()).isEqualTo(ReasonCode.INVALID_FIELD);
    assertThat(failed.get(0).getMessage()).contains("forever-and-a-day").contains("short");
  }

  @Test
  void shouldSpareAHeldArchiveFromPurgeAndPurgeItOnceReleased() throws IOException {
    String held = archive("run-held", "short", false);
    String kept = archive("run-kept", "long", false);
    admin(AdminAction.LEGAL_HOLD_ON, held, Map.of("reason", "case 42"));
    List<AuditEvent> holds = audits("legal-hold-on");
    assertThat(holds).hasSize(1);
    assertThat(holds.get(0).getActor()).isEqualTo("legal@example.com");
    assertThat(holds.get(0).getDetails()).containsEntry("reason", "case 42");
    assertThat(catalog(held).legalHold()).isTrue();

    fx.driver.advanceWallClockTime(Duration.ofDays(2));
    admin(AdminAction.PURGE_EXPIRED, null, Map.of());

    assertThat(audits("purge-spared")).extracting(AuditEvent::getSubjectId).containsExactly(held);
    assertThat(catalog(held)).isNotNull();
    assertThat(objectsOf(held)).isNotEmpty();

    admin(AdminAction.LEGAL_HOLD_OFF, held, Map.of("reason", "case closed"));
    assertThat(catalog(held).legalHold()).isFalse();
    admin(AdminAction.PURGE_EXPIRED, null, Map.of());

    List<AuditEvent> purged = audits("purged");
    assertThat(purged).extracting(AuditEvent::getSubjectId).containsExactly(held);
    assertThat(catalog(held)).isNull();
    assertThat(objectsOf(held)).isEmpty();
    assertThat(catalog(kept)).as("not expired").isNotNull();
    assertThat(objectsOf(kept)).isNotEmpty();
    assertThat(fx.metrics.count("archiver.archives.lifecycle", "outcome", "purged")).isEqualTo(1);
    assertThat(fx.metrics.count("archiver.archives.lifecycle", "outcome", "spared")).isEqualTo(1);
  }

  @Test
  void shouldHoldAnArchiveFromItsRequest() throws IOException {
    String held = archive("run-held-at-birth", "short", true);
    fx.driver.advanceWallClockTime(Duration.ofDays(2));

    admin(AdminAction.PURGE_EXPIRED, null, Map.of());

    assertThat(audits("purge-spared")).hasSize(1);
    assertThat(objectsOf(held)).isNotEmpty();
  }

  @Test
  void shouldOnlyListWhatADryRunWouldDelete() throws IOException {
    String archiveId = archive("run-dry", "short", false);
    fx.driver.advanceWallClockTime(Duration.ofDays(2));

    admin(AdminAction.PURGE_EXPIRED, null, Map.of("dryRun", "true"));

    List<AuditEvent> all = values(fx.drain(fx.topics.audit));
    assertThat(all)
        .filteredOn(a -> a.getAction().equals("purge-would-delete"))
        .extracting(AuditEvent::getSubjectId)
        .containsExactly(archiveId);
    assertThat(all)
        .filteredOn(a -> a.getAction().equals("purge-dry-run"))
        .singleElement()
        .satisfies(a -> assertThat(a.getDetails()).containsEntry("archives", archiveId));
    assertThat(all).noneMatch(a -> a.getAction().equals("purged"));
    assertThat(catalog(archiveId)).isNotNull();
    assertThat(objectsOf(archiveId)).isNotEmpty();
  }

  @Test
  void shouldKeepAHoldThroughAnIntegrityCheck() throws IOException {
    String archiveId = archive("run-checked", "short", false);
    admin(AdminAction.LEGAL_HOLD_ON, archiveId, Map.of());

    fx.input(fx.topics.integrityRequests)
        .pipeInput("check-1", TopologyFixture.archiveCheck("check-1", archiveId, true));

    CatalogEntry entry = catalog(archiveId);
    assertThat(entry.lastVerifiedAt()).as("the check was recorded").isNotNull();
    assertThat(entry.legalHold()).as("and the hold kept").isTrue();
  }

  @Test
  void shouldRefuseAHoldOnAnArchiveItDoesNotKnow() {
    admin(AdminAction.LEGAL_HOLD_ON, "no-such-archive-0123456789abcdef", Map.of());

    assertThat(audits("legal-hold-on-refused")).hasSize(1);
  }

  @Test
  void shouldAnswerAnAdminRequestRefusedAtValidationInTheAuditTrailAsWellAsTheDeadLetters() {
    admin(AdminAction.LEGAL_HOLD_ON, null, Map.of()); // names no archive

    List<AuditEvent> rejected = audits("rejected");
    assertThat(rejected).hasSize(1);
    AuditEvent answer = rejected.get(0);
    assertThat(answer.getSubjectId()).isEqualTo("admin-" + requests);
    assertThat(answer.getDetails())
        .containsEntry("requestId", "admin-" + requests)
        .containsEntry("reason", "MISSING_FIELD")
        .containsKey("message");
    assertThat(fx.drainDlq()).hasSize(1);
  }

  @Test
  void shouldPlanAPurgeOfAHugeCatalogAPageAtATimeSendingEachCommandOnce() {
    int archives = PlanAdminAction.PAGE * 2 + 500;
    var catalogTopic =
        fx.driver.createInputTopic(
            dev.archiver.streams.topics.TopicNames.CATALOG,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new dev.archiver.streams.serde.JsonSerde<>(CatalogEntry.class).serializer());
    for (int i = 0; i < archives; i++) {
      String id = String.format("bulk-%05d-0123456789abcdef", i);
      catalogTopic.pipeInput(id, expired(id));
    }
    var commands =
        fx.driver.createOutputTopic(
            dev.archiver.streams.topics.TopicNames.ARCHIVE_COMMANDS,
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.StringDeserializer());

    admin(AdminAction.PURGE_EXPIRED, null, Map.of("dryRun", "true"));

    assertThat(commands.readKeyValuesToList())
        .as("one page in the request's own transaction")
        .hasSize(PlanAdminAction.PAGE);
    assertThat(audits("purge-dry-run")).isEmpty();

    fx.driver.advanceWallClockTime(PlanAdminAction.SCAN_EVERY);
    fx.driver.advanceWallClockTime(PlanAdminAction.SCAN_EVERY);
    fx.driver.advanceWallClockTime(PlanAdminAction.SCAN_EVERY);

    List<String> rest = commands.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    assertThat(rest).hasSize(archives - PlanAdminAction.PAGE).doesNotHaveDuplicates();
    List<AuditEvent> summary = audits("purge-dry-run");
    assertThat(summary).hasSize(1);
    assertThat(summary.get(0).getDetails()).containsEntry("expired", Integer.toString(archives));
    fx.driver.advanceWallClockTime(PlanAdminAction.SCAN_EVERY);
    assertThat(commands.readKeyValuesToList()).as("the pass is over").isEmpty();
  }

  private static CatalogEntry expired(String archiveId) {
    return new CatalogEntry(
        archiveId,
        archiveId,
        "FILESYSTEM",
        "archives/" + archiveId + "/manifest.json",
        null,
        null,
        1,
        1,
        1,
        1,
        "short",
        false,
        null,
        0,
        null,
        "OK",
        1L);
  }

  @Test
  void shouldArchiveARunAgainOnceItsArchiveWasPurged() throws IOException {
    String archiveId = archive("run-again", "short", false);
    fx.driver.advanceWallClockTime(Duration.ofDays(2));
    admin(AdminAction.PURGE_EXPIRED, null, Map.of());
    assertThat(catalog(archiveId)).isNull();

    archive("run-again", "short", false);

    assertThat(catalog(archiveId)).isNotNull();
    assertThat(objectsOf(archiveId)).isNotEmpty();
  }

  @Test
  void shouldPurgeOnItsOwnSchedule() throws IOException {
    fx.close();
    Map<String, String> scheduled = new java.util.HashMap<>(SETTINGS);
    scheduled.put(ConfigKeys.RETENTION_PURGE_INTERVAL.name(), "1h");
    fx =
        new TopologyFixture(
            dataDir.resolve("again"),
            dataDir.resolve("streams-again"),
            scheduled,
            UnaryOperator.identity());
    String archiveId = archive("run-scheduled", "short", false);

    fx.driver.advanceWallClockTime(Duration.ofHours(25));

    assertThat(audits("purged")).extracting(AuditEvent::getSubjectId).containsExactly(archiveId);
    assertThat(objectsOf(archiveId)).isEmpty();
  }
}
