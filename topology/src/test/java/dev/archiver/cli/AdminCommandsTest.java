package dev.archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * How hold and move read their arguments (publishing needs a broker, and is tested in
 * CliAnswersIT).
 */
class AdminCommandsTest {

  @Test
  void shouldNameAnArchiveByRunIdOrByArchiveId() {
    HoldCommand byRun = new HoldCommand();
    new CommandLine(byRun).parseArgs("run-1", "--reason", "case 42");
    assertThat(byRun.target.runId).isEqualTo("run-1");
    assertThat(byRun.target.archiveId).isNull();

    HoldCommand byArchive = new HoldCommand();
    new CommandLine(byArchive).parseArgs("--archive", "run-1-0123456789abcdef", "--reason", "x");
    assertThat(byArchive.target.archiveId).isEqualTo("run-1-0123456789abcdef");

    assertThatThrownBy(
            () ->
                new CommandLine(new HoldCommand())
                    .parseArgs("run-1", "--archive", "other", "--reason", "x"))
        .isInstanceOf(CommandLine.ParameterException.class);
  }

  @Test
  void shouldMoveOneArchiveOrApplyThePolicyButNotBoth() {
    MoveCommand one = new MoveCommand();
    new CommandLine(one).parseArgs("run-1", "--to", "glacier");
    assertThat(one.target.archive.runId).isEqualTo("run-1");
    assertThat(one.target.policy).isFalse();

    MoveCommand policy = new MoveCommand();
    new CommandLine(policy).parseArgs("--policy", "--dry-run");
    assertThat(policy.target.policy).isTrue();
    assertThat(policy.target.archive).isNull();

    assertThatThrownBy(() -> new CommandLine(new MoveCommand()).parseArgs("run-1", "--policy"))
        .isInstanceOf(CommandLine.ParameterException.class);
  }
}
