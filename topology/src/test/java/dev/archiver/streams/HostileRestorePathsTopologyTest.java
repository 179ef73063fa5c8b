package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ConfigKeys;
import dev.archiver.events.ConflictStrategy;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.StoreNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores aimed, or turned, at places outside {@code restore.roots}, and restored copies whose
 * files were changed before they expired: nothing is written outside the roots and expiry removes
 * only what the restore made.
 */
class HostileRestorePathsTopologyTest {

  @TempDir Path dataDir;
  @TempDir Path elsewhere;
  private final HeldJobs held = new HeldJobs();
  private TopologyFixture fx;
  private Path restoreRoot;

  @BeforeEach
  void setUp() throws IOException {
    fx =
        new TopologyFixture(
            dataDir,
            dataDir.resolve("streams"),
            Map.of(ConfigKeys.CHUNK_SIZE.name(), "4KiB"),
            UnaryOperator.identity(),
            held.pools());
    restoreRoot = Files.createDirectories(fx.config.restoreRoots().get(0));
    Path source = Files.createDirectories(fx.sourceRoot.resolve("run-1/nested"));
    Files.writeString(source.resolve("notes.txt"), "hello\n");
    Files.writeString(source.getParent().resolve("big.txt"), "archived content\n".repeat(500));
    fx.input(fx.topics.archiveRequests)
        .pipeInput("run-1", archiveRequest("run-1", "file:" + source.getParent()));
    held.runAll(fx.driver);
    assertThat(fx.drain(fx.topics.archiveCompleted)).hasSize(1);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void shouldRefuseATargetBelowASymlinkThatLeadsOutOfTheRoots() throws IOException {
    Files.createSymbolicLink(restoreRoot.resolve("link"), elsewhere);

    restore("restore-1", restoreRoot.resolve("link/newdir"), ConflictStrategy.FAIL, null);

    assertThat(fx.drain(fx.topics.restoreFailed))
        .singleElement()
        .satisfies(f -> assertThat(f.value().getReason()).isEqualTo(ReasonCode.PATH_OUTSIDE_ROOTS));
    assertThat(contents(elsewhere)).as("nothing written through the link").isEmpty();
  }

  @Test
  void shouldRefuseATargetSwappedForASymlinkAfterItWasValidated() throws IOException {
    Path target = Files.createDirectories(restoreRoot.resolve("target"));
    restore("restore-1", target, ConflictStrategy.FAIL, null);
    assertThat(held.held()).as("validated and waiting for a pool thread").isEqualTo(1);

    Files.delete(target);
    Files.createSymbolicLink(target, elsewhere);
    held.runAll(fx.driver);

    RestoreFailed failed = fx.drain(fx.topics.restoreFailed).get(0).value();
    assertThat(failed.getReason()).isEqualTo(ReasonCode.PATH_OUTSIDE_ROOTS);
    assertThat(contents(elsewhere)).isEmpty();
  }

  @Test
  void shouldRefuseATargetWhoseParentWasSwappedForASymlinkAfterValidation() throws IOException {
    Path parent = Files.createDirectories(restoreRoot.resolve("parent"));
    restore("restore-1", parent.resolve("new"), ConflictStrategy.FAIL, null);

    Files.delete(parent);
    Files.createSymbolicLink(parent, elsewhere);
    held.runAll(fx.driver);

    assertThat(fx.drain(fx.topics.restoreFailed).get(0).value().getReason())
        .isEqualTo(ReasonCode.PATH_OUTSIDE_ROOTS);
    assertThat(contents(elsewhere)).isEmpty();
  }

  @Test
  void shouldKeepRestoreRecordsInsideTheDataDirectoryWhateverTheRestoreIdLooksLike()
      throws IOException {
    Path victim = Files.writeString(elsewhere.resolve("victim.json"), "[\"precious\"]");
    String[] ids = {elsewhere.resolve("victim").toString(), "a/b/c", "x:y@z"};
    for (int i = 0; i < ids.length; i++) {
      restore(ids[i], restoreRoot.resolve("r" + i), ConflictStrategy.FAIL, 60L);
    }
    held.runAll(fx.driver);
    assertThat(fx.drain(fx.topics.restoreCompleted)).hasSize(ids.length);

    fx.driver.advanceWallClockTime(Duration.ofSeconds(61));
    held.runAll(fx.driver);

    assertThat(victim).hasContent("[\"precious\"]");
    for (int i = 0; i < ids.length; i++) {
      assertThat(restoreRoot.resolve("r" + i + "/big.txt"))
          .as("expired copy of " + ids[i])
          .doesNotExist();
      assertThat(queue().get(ids[i]).status()).isEqualTo("EXPIRED");
    }
    try (Stream<Path> records = Files.list(dataDir.resolve("restore-records"))) {
      assertThat(records.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.matches("[0-9a-f]{64}\\.journal"));
    }
  }

  @Test
  void shouldLeaveFilesItDidNotCreateWhenTheCopyExpires() throws IOException {
    Path target = Files.createDirectories(restoreRoot.resolve("work"));
    Files.writeString(
        target.resolve("big.txt"), "the operator's own file, overwritten by the restore\n");
    restore("restore-1", target, ConflictStrategy.OVERWRITE, 60L);
    held.runAll(fx.driver);
    assertThat(fx.drain(fx.topics.restoreCompleted)).hasSize(1);
    assertThat(target.resolve("big.txt")).content().startsWith("archived content");
    // The operator replaces a restored file with their own (a new file under the same name, as
    // editors save).
    Path replacement =
        Files.writeString(target.resolve("nested/.notes.tmp"), "edited by the operator\n");
    Files.move(
        replacement,
        target.resolve("nested/notes.txt"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);

    fx.driver.advanceWallClockTime(Duration.ofSeconds(61));
    held.runAll(fx.driver);

    assertThat(queue().get("restore-1").status()).isEqualTo("EXPIRED");
    assertThat(target.resolve("big.txt")).as("was there before the restore").exists();
    assertThat(target.resolve("nested/notes.txt"))
        .as("replaced by the operator since")
        .hasContent("edited by the operator");
  }

  @Test
  void shouldRemoveWhatItCreatedWhenTheCopyExpires() throws IOException {
    Path target = restoreRoot.resolve("fresh/deeper");
    restore("restore-1", target, ConflictStrategy.FAIL, 60L);
    held.runAll(fx.driver);
    assertThat(fx.drain(fx.topics.restoreCompleted)).hasSize(1);
    assertThat(target.resolve("nested/notes.txt")).hasContent("hello");

    fx.driver.advanceWallClockTime(Duration.ofSeconds(61));
    held.runAll(fx.driver);

    assertThat(target.resolve("nested/notes.txt")).doesNotExist();
    assertThat(target.resolve("big.txt")).doesNotExist();
    assertThat(target.resolve("nested")).doesNotExist();
  }

  private void restore(String restoreId, Path target, ConflictStrategy conflict, Long ttlSeconds) {
    RestoreRequested request =
        RestoreRequested.newBuilder()
            .setRestoreId(restoreId)
            .setRunId("run-1")
            .setTarget("file:" + target)
            .setConflict(conflict)
            .setTtlSeconds(ttlSeconds)
            .setRequestedBy("test")
            .setRequestedAt(Instant.EPOCH)
            .build();
    fx.input(fx.topics.restoreRequests).pipeInput(restoreId, request);
  }

  private KeyValueStoreView queue() {
    return fx.driver.<String, RestoreEntry>getKeyValueStore(StoreNames.RESTORE_QUEUE)::get;
  }

  @FunctionalInterface
  private interface KeyValueStoreView {
    RestoreEntry get(String key);
  }

  private static java.util.List<Path> contents(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> !p.equals(dir)).toList();
    }
  }
}
