package dev.archiver.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI commands the bench runs, each in a JVM of its own as an operator's are, against the
 * archiver the bench measures. The waiting ones throw when the command fails: a bench on a failing
 * service measures nothing.
 */
final class BenchCli {

  private final List<String> launcher;
  private final Map<String, String> env;
  private final List<String> configArgs;
  private final Path errLog;
  private final String tier;
  private final String timeout;
  private final Optional<ProcessHandle> service;

  /**
   * @param launcher the command that starts the CLI
   * @param env the environment that points it at the archiver
   * @param configArgs --config FILE, when the archiver is the configuration's
   * @param errLog where the commands' stderr goes
   * @param tier the tier name archives go to (archive --tier)
   * @param timeout how long a --wait waits (a --timeout value)
   * @param service the archiver the bench started, if it did: a command stops when it exits
   */
  BenchCli(
      List<String> launcher,
      Map<String, String> env,
      List<String> configArgs,
      Path errLog,
      String tier,
      String timeout,
      Optional<ProcessHandle> service) {
    this.launcher = List.copyOf(launcher);
    this.env = env;
    this.configArgs = List.copyOf(configArgs);
    this.errLog = errLog;
    this.tier = tier;
    this.timeout = timeout;
    this.service = service;
  }

  /** {@code archive RUN --source file:TREE --wait}. */
  BenchProcesses.CliRun archiveAndWait(String runId, Path tree)
      throws IOException, InterruptedException {
    return checked(
        "archive --wait",
        List.of("archive", runId, "--source", "file:" + tree, "--tier", tier, "--wait"));
  }

  /** {@code archive RUN --source file:TREE}, without waiting; its exit code is the caller's. */
  BenchProcesses.CliRun archive(String runId, Path tree) throws IOException, InterruptedException {
    return run(List.of("archive", runId, "--source", "file:" + tree));
  }

  /** {@code verify RUN --wait}. */
  BenchProcesses.CliRun verifyAndWait(String runId) throws IOException, InterruptedException {
    return checked("verify --wait", List.of("verify", runId, "--wait"));
  }

  /**
   * {@code restore RUN --target file:DIR --wait}, refusing any conflict, the restored copy kept
   * with no TTL (the bench removes it).
   */
  BenchProcesses.CliRun restoreAndWait(String runId, Path target)
      throws IOException, InterruptedException {
    return checked(
        "restore --wait",
        List.of(
            "restore",
            runId,
            "--target",
            "file:" + target,
            "--conflict",
            "fail",
            "--ttl",
            "0s",
            "--wait"));
  }

  private BenchProcesses.CliRun checked(String what, List<String> args)
      throws IOException, InterruptedException {
    List<String> waiting = new ArrayList<>(args);
    waiting.addAll(List.of("--timeout", timeout));
    BenchProcesses.CliRun run = run(waiting);
    if (run.serviceExited()) {
      throw new IllegalStateException(
          "the archiver the bench started exited while "
              + what
              + " of "
              + args.get(1)
              + " waited; see its log (up.log in the work directory)");
    }
    if (run.exit() != 0) {
      throw new IllegalStateException(
          what
              + " of "
              + args.get(1)
              + " exited "
              + run.exit()
              + ":\n  | "
              + String.join("\n  | ", run.out()));
    }
    return run;
  }

  private BenchProcesses.CliRun run(List<String> args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(args);
    all.addAll(configArgs);
    return BenchProcesses.cli(launcher, env, all, errLog, service);
  }
}
