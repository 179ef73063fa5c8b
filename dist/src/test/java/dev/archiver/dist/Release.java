package dev.archiver.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The release archive unpacked the way a user unpacks it (the system's tar), and its launcher run
 * as a user runs it: a child process with only the environment given here, so neither this build's
 * class path nor an ARCHIVER_* variable of the machine can help it.
 */
final class Release {

  private final Path home;

  private Release(Path home) {
    this.home = home;
  }

  /**
   * Unpacks {@code archive} into {@code into}, which must be empty; the release is its single top
   * directory.
   */
  static Release unpack(Path archive, Path into) throws IOException, InterruptedException {
    assertThat(archive)
        .as("the release archive (built by `package` before the ITs run)")
        .isRegularFile();
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tar.waitFor()).as("tar -xzf: " + output).isZero();
    try (var entries = Files.list(into)) {
      List<Path> top = entries.toList();
      assertThat(top).as("one top directory in the archive").hasSize(1);
      return new Release(top.get(0));
    }
  }

  Path home() {
    return home;
  }

  Path launcher() {
    return home.resolve("bin/archiver");
  }

  /**
   * A bare environment: a PATH with the usual system directories (bash, tar and friends) and what
   * {@code env} adds. JAVA_HOME is the JDK running this test unless {@code env} says otherwise.
   */
  static ProcessBuilder command(List<String> command, Path workDir, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    environment.put("HOME", workDir.toString());
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    env.forEach(
        (name, value) -> {
          if (value == null) {
            environment.remove(name);
          } else {
            environment.put(name, value);
          }
        });
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return builder;
  }

  /** Runs to completion (a minute at most); stdout and stderr kept apart. */
  static Result run(Path executable, List<String> args, Path workDir, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(args);
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Process process =
        command(command, workDir, env)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish within 60 s");
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }
}
