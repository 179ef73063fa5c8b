package dev.archiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.testing.CliRunner;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.SourceTree;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * `--wait` answers are promises, as operators script them (`archive --wait && rm -rf "$SRC"`): exit
 * 0 only when this request's data is archived, 1 with the reason when it is refused or fails, 3
 * when --timeout passes first.
 */
@ExtendWith(SharedArchiver.class)
class CliAnswersIT {

  @TempDir Path work;
  private CliRunner runner;
  private String tag;

  @BeforeEach
  void pointTheCliAtTheSharedArchiver() throws Exception {
    runner = CliRunner.forSharedArchiver(work);
    tag = UUID.randomUUID().toString().substring(0, 8);
  }

  private int cli(String... args) {
    return runner.run(args);
  }

  private Path tree(String name) throws Exception {
    SourceTree tree =
        new SourceTree(
            SharedArchiver.get().config().sourceRoots().get(0).resolve(name + "-" + tag),
            name.length());
    tree.text("a.txt", "alpha " + name + "\n", "rw-r--r--");
    tree.random("b.bin", 300_000);
    return tree.finish().root();
  }

  private Path manifestOf(String runId) {
    return SharedArchiver.get()
        .config()
        .filesystemTierPath()
        .resolve(ArchiveKeys.manifestKey(ArchiveKeys.archiveId(runId)));
  }

  @Test
  void shouldArchiveARunAfterADryRunOfTheSameId() throws Exception {
    String runId = "dry-then-real-" + tag;
    Path source = tree("dry");

    assertThat(cli("archive", runId, "--source", "file:" + source, "--dry-run", "--wait"))
        .as("dry run; out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(runner.out()).contains("planned " + runId, "dry run: nothing written");
    assertThat(manifestOf(runId)).doesNotExist();

    assertThat(cli("archive", runId, "--source", "file:" + source, "--wait"))
        .as("real run; out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(runner.out())
        .contains("archived " + runId)
        .doesNotContain("dry run", "already archived");
    assertThat(manifestOf(runId)).exists();
  }

  @Test
  void shouldRefuseAnotherSourceForAnArchivedIdNamingBoth() throws Exception {
    String runId = "conflict-" + tag;
    Path a = tree("a");
    Path b = tree("bb");
    assertThat(cli("archive", runId, "--source", "file:" + a, "--wait")).isZero();

    assertThat(cli("archive", runId, "--source", "file:" + b, "--wait"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isEqualTo(1);
    assertThat(runner.out())
        .contains("refused " + runId, "RUN_ID_CONFLICT", "file:" + a, "file:" + b)
        .doesNotContain("archived " + runId);
  }

  @Test
  void shouldAnswerAnIdenticalRepeatWithTheArchive() throws Exception {
    String runId = "repeat-" + tag;
    Path source = tree("repeat");
    assertThat(cli("archive", runId, "--source", "file:" + source, "--wait")).isZero();
    String manifestLine =
        runner.out().lines().filter(l -> l.contains("sha256")).findFirst().orElseThrow();

    assertThat(cli("archive", runId, "--source", "file:" + source, "--wait"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(runner.out())
        .contains("already archived " + runId, "nothing new written", manifestLine.trim());
  }

  @Test
  void shouldHoldAndReleaseAnArchiveAndAnswerAPurge() throws Exception {
    String runId = "held-" + tag;
    Path source = tree("held");
    assertThat(
            cli(
                "archive",
                runId,
                "--source",
                "file:" + source,
                "--retention",
                "short",
                "--legal-hold",
                "--wait"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();

    assertThat(cli("hold", runId, "--release", "--reason", "case closed", "--wait"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(runner.out())
        .contains("legal-hold-off " + ArchiveKeys.archiveId(runId), "case closed");

    assertThat(cli("hold", "--archive", "nothing-here-" + tag, "--reason", "x", "--wait"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isEqualTo(1);
    assertThat(runner.out()).contains("legal-hold-on-refused", "no such archive");

    assertThat(cli("purge", "--dry-run", "--wait"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(runner.out()).contains("purge-dry-run");
  }

  @Test
  void shouldEndTheWaitWithTheReasonWhenTheRequestIsRefused() {
    assertThat(
            cli("archive", "outside-" + tag, "--source", "file:/etc", "--wait", "--timeout", "60s"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isEqualTo(1);
    assertThat(runner.out()).contains("refused outside-" + tag, "PATH_OUTSIDE_ROOTS");
  }

  @Test
  void shouldExitThreeWhenTheTimeoutPassesFirst() throws Exception {
    Path source = tree("timeout");

    assertThat(
            cli(
                "archive",
                "timeout-" + tag,
                "--source",
                "file:" + source,
                "--wait",
                "--timeout",
                "1ms"))
        .isEqualTo(3);
    assertThat(runner.out()).contains("no answer for timeout-" + tag);
  }

  @Test
  void shouldEndTheWaitForAnIdThatIsNotInTheCatalog() {
    assertThat(cli("verify", "no-such-archive-" + tag, "--wait", "--timeout", "60s"))
        .as("out: %s err: %s", runner.out(), runner.err())
        .isEqualTo(2);
    assertThat(runner.out()).contains("NOT INTACT", "no-such-archive-" + tag);

    Path target = SharedArchiver.get().config().restoreRoots().get(0).resolve("nothing-" + tag);
    assertThat(
            cli(
                "restore",
                "no-such-archive-" + tag,
                "--target",
                "file:" + target,
                "--wait",
                "--timeout",
                "60s"))
        .isEqualTo(1);
    assertThat(runner.out()).contains("SOURCE_NOT_FOUND");
  }
}
