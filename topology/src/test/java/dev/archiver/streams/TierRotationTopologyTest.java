package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ConfigKeys;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.ManifestCheck;
import dev.archiver.events.AdminAction;
import dev.archiver.events.AdminRequested;
import dev.archiver.events.AuditEvent;
import dev.archiver.events.IntegrityCheckCompleted;
import dev.archiver.events.StorageTier;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.StoreNames;
import dev.archiver.streams.work.WorkPools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier rotation on the real topology, with filesystem stores standing in for the S3 tiers (the S3
 * path itself runs in S3TiersIT).
 */
class TierRotationTopologyTest {

  private static final Map<String, String> SETTINGS =
      Map.of(
          ConfigKeys.CHUNK_SIZE.name(), "4KiB",
          ConfigKeys.TIER_POLICY.name(), "hot=standard after 1d,standard=glacier after 30d",
          ConfigKeys.TIER_ROTATION_INTERVAL.name(), "0s",
          ConfigKeys.RETENTION_PURGE_INTERVAL.name(), "0s");

  @TempDir Path dataDir;
  private TopologyFixture fx;
  private TierStore standard;
  private TierStore glacier;
  private int requests;

  @BeforeEach
  void setUp() throws IOException {
    standard = new FilesystemTierStore(dataDir.resolve("tier-standard"));
    glacier = new FilesystemTierStore(dataDir.resolve("tier-glacier"));
    fx = fixture(WorkPools.direct());
  }

  private TopologyFixture fixture(WorkPools pools) throws IOException {
    return new TopologyFixture(
        dataDir,
        dataDir.resolve("streams"),
        SETTINGS,
        UnaryOperator.identity(),
        pools,
        Map.of(StorageTier.S3_STANDARD, standard, StorageTier.S3_GLACIER, glacier));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private String archive(String runId) throws IOException {
    Path root = Files.createDirectories(fx.sourceRoot.resolve(runId));
    Files.writeString(root.resolve("a.txt"), ("hello " + runId + "\n").repeat(3000));
    fx.input(fx.topics.archiveRequests).pipeInput(runId, archiveRequest(runId, "file:" + root));
    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(1);
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
                .setRequestedBy("ops")
                .setRequestedAt(Instant.EPOCH)
                .build());
  }

  private CatalogEntry catalog(String archiveId) {
    return fx.driver
        .<String, CatalogEntry>getKeyValueStore(StoreNames.ARCHIVE_CATALOG)
        .get(archiveId);
  }

  private boolean holds(TierStore store, String archiveId) throws IOException {
    return store.exists(ArchiveKeys.manifestKey(archiveId));
  }

  private boolean intact(String archiveId, String checkId) {
    fx.input(fx.topics.integrityRequests)
        .pipeInput(checkId, TopologyFixture.archiveCheck(checkId, archiveId, true));
    List<IntegrityCheckCompleted> results =
        fx.drain(fx.topics.integrityResults).stream()
            .map(TestRecord::value)
            .filter(r -> r.getCheckId().equals(checkId) && !r.getSummary())
            .toList();
    assertThat(results).hasSize(1);
    return results.get(0).getOk();
  }

  private List<AuditEvent> audits(String action) {
    return fx.drain(fx.topics.audit).stream()
        .map(TestRecord::value)
        .filter(a -> a.getAction().equals(action))
        .toList();
  }

  @Test
  void shouldMoveAnArchiveHotToStandardToGlacierAsItAgesAndStayIntact() throws IOException {
    String archiveId = archive("run-aging");
    String young = archive("run-young-later");

    fx.driver.advanceWallClockTime(Duration.ofDays(2));
    String fresh = archive("run-fresh");
    admin(AdminAction.ROTATE_TIERS, null, Map.of());

    assertThat(catalog(archiveId).tier()).isEqualTo("S3_STANDARD");
    assertThat(catalog(young).tier()).isEqualTo("S3_STANDARD");
    assertThat(catalog(fresh).tier()).as("a day old only").isEqualTo("FILESYSTEM");
    assertThat(holds(standard, archiveId)).isTrue();
    assertThat(holds(fx.tier, archiveId)).as("the old copy is gone").isFalse();
    assertThat(fx.tier.list(ArchiveKeys.prefix(archiveId)))
        .as("nothing left behind, the plan's pages neither")
        .isEmpty();
    assertThat(standard.exists(ArchiveKeys.planPageKey(ArchiveKeys.planKey(archiveId), 0)))
        .as("the plan's pages moved with the archive")
        .isTrue();
    assertThat(intact(archiveId, "check-after-first-move")).isTrue();

    fx.driver.advanceWallClockTime(Duration.ofDays(30));
    admin(AdminAction.ROTATE_TIERS, null, Map.of());

    assertThat(catalog(archiveId).tier()).isEqualTo("S3_GLACIER");
    assertThat(catalog(archiveId).manifestLocation())
        .isEqualTo(glacier.location(ArchiveKeys.manifestKey(archiveId)));
    assertThat(holds(glacier, archiveId)).isTrue();
    assertThat(holds(standard, archiveId)).isFalse();
    assertThat(intact(archiveId, "check-after-second-move")).isTrue();
    assertThat(audits("moved")).isNotEmpty();
  }

  @Test
  void shouldMoveOneArchiveToANamedTierOnRequest() throws IOException {
    String archiveId = archive("run-named");

    admin(AdminAction.ROTATE_TIERS, archiveId, Map.of("tier", "glacier"));

    assertThat(catalog(archiveId).tier()).isEqualTo("S3_GLACIER");
    assertThat(holds(glacier, archiveId)).isTrue();
    assertThat(holds(fx.tier, archiveId)).isFalse();
  }

  @Test
  void shouldOnlyListMovesInADryRun() throws IOException {
    String archiveId = archive("run-dry");
    fx.driver.advanceWallClockTime(Duration.ofDays(2));

    admin(AdminAction.ROTATE_TIERS, null, Map.of("dryRun", "true"));

    assertThat(audits("move-would-move"))
        .extracting(AuditEvent::getSubjectId)
        .containsExactly(archiveId);
    assertThat(catalog(archiveId).tier()).isEqualTo("FILESYSTEM");
    assertThat(standard.list(ArchiveKeys.prefix(archiveId))).isEmpty();
  }

  @Test
  void shouldLeaveOneReadableArchiveWhenItStopsBetweenCopyAndDelete() throws IOException {
    fx.close();
    HeldJobs held = new HeldJobs();
    fx = fixture(held.pools());
    Path root = Files.createDirectories(fx.sourceRoot.resolve("run-crash"));
    Files.writeString(root.resolve("a.txt"), "crash\n".repeat(3000));
    fx.input(fx.topics.archiveRequests)
        .pipeInput("run-crash", archiveRequest("run-crash", "file:" + root));
    held.runAll(fx.driver);
    String archiveId = ArchiveKeys.archiveId("run-crash");
    assertThat(catalog(archiveId).tier()).isEqualTo("FILESYSTEM");

    admin(AdminAction.ROTATE_TIERS, archiveId, Map.of("tier", "standard"));
    assertThat(held.held()).as("the copy").isEqualTo(1);
    held.runOne(fx.driver); // the copy, checked, and the switch it leads to

    // Stopped here: the old copy's deletion is recorded as pending (a next owner of the task
    // resumes it, as every pending job is) but has not run.
    assertThat(held.held()).isEqualTo(1);
    assertThat(
            fx.driver
                .<String, Object>getKeyValueStore(StoreNames.MOVE_CLEANUPS_PENDING)
                .get(archiveId))
        .isNotNull();
    assertThat(catalog(archiveId).tier()).as("one archive in the catalog").isEqualTo("S3_STANDARD");
    assertThat(holds(standard, archiveId)).isTrue();
    assertThat(holds(fx.tier, archiveId)).as("the old copy, still whole").isTrue();
    ManifestCheck copy =
        ArchiveVerifier.checkManifest(standard, archiveId, catalog(archiveId).manifestSha256());
    assertThat(copy.ok()).isTrue();
    for (ManifestChunk chunk : copy.manifest().chunks()) {
      assertThat(ArchiveVerifier.checkChunk(standard, chunk, true).ok()).isTrue();
    }

    held.runAll(fx.driver); // resumed: the old copy goes

    assertThat(holds(fx.tier, archiveId)).isFalse();
    assertThat(fx.tier.list(ArchiveKeys.prefix(archiveId))).isEmpty();
    assertThat(catalog(archiveId).tier()).isEqualTo("S3_STANDARD");
    assertThat(catalog(archiveId).status()).isEqualTo("OK");
  }

  @Test
  void shouldRefuseToMoveToATierThatIsNotConfigured() throws IOException {
    String archiveId = archive("run-nowhere");

    admin(AdminAction.ROTATE_TIERS, archiveId, Map.of("tier", "deep-archive"));

    assertThat(fx.drainDlq()).hasSize(1);
    assertThat(catalog(archiveId).tier()).isEqualTo("FILESYSTEM");
  }
}
