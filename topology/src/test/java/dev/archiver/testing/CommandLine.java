package dev.archiver.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command-line tools (sh, tar, zstd, sha256sum) the way an operator would, output
 * captured.
 */
public final class CommandLine {

  /** What a tool answered. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError(
            command + " exited with " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
      }
      return this;
    }
  }

  private CommandLine() {}

  /** Runs {@code script} with {@code sh -c} in {@code directory}. */
  public static Result sh(Path directory, String script) throws IOException, InterruptedException {
    return run(directory, List.of("sh", "-c", script));
  }

  /**
   * Runs a command in {@code directory}, stdin from /dev/null, and waits for it (at most five
   * minutes).
   */
  public static Result run(Path directory, List<String> command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    // Drain both pipes at once so neither can fill up and block the tool.
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process, true));
    String stdout = drain(process, false);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish within five minutes");
    }
    return new Result(command, process.exitValue(), stdout, stderr.join());
  }

  /** Single-quotes {@code text} for sh. */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private static String drain(Process process, boolean error) {
    try {
      return new String(
          (error ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
