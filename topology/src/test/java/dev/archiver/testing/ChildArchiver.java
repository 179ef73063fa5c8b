package dev.archiver.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The archiver as an operator runs it, in a child JVM: {@code java -cp <this JVM's class path>
 * dev.archiver.cli.ArchiverCli up --config <yaml>}. Its stdout and stderr go to files (named in
 * every failure message) so a failing test can be diagnosed. Close it (or {@link #kill()} it) in a
 * finally block.
 */
public final class ChildArchiver implements AutoCloseable {

  private static final Pattern HEALTH_LINE =
      Pattern.compile("health\\s+http://localhost:(\\d+)/health");

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ChildArchiver(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Writes {@code config} as YAML to {@code logDir/<name>.yaml} and starts {@code archiver up} with
   * it.
   *
   * @param jvmOptions e.g. -Xmx256m
   */
  public static ChildArchiver start(
      String name, Path logDir, Map<String, String> config, List<String> jvmOptions)
      throws IOException {
    Files.createDirectories(logDir);
    Path configFile = logDir.resolve(name + ".yaml");
    Files.writeString(configFile, yaml(config), StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.archiver.cli.ArchiverCli");
    command.add("up");
    command.add("--config");
    command.add(configFile.toString());
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
            .redirectError(ProcessBuilder.Redirect.to(err.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    // Only the config file configures the child: no ARCHIVER_* variable of the machine may override
    // it.
    builder.environment().keySet().removeIf(k -> k.startsWith("ARCHIVER_"));
    Process process = builder.start();
    // Should the test JVM end without closing it, the child must not outlive it.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + name));
    return new ChildArchiver(name, process, out, err);
  }

  /** Flat "key: value" YAML, every value a double-quoted string. */
  static String yaml(Map<String, String> config) {
    return config.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + ": " + quoted(e.getValue()))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Waits until the child printed its HTTP port and /health answers 200; fails at once if the child
   * exits.
   */
  public ChildArchiver awaitHealthy(Duration timeout) {
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                requireAlive();
                OptionalInt port = httpPort();
                return port.isPresent() && health(port.getAsInt()) == 200;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          name + " did not become healthy within " + timeout + "; " + diagnostics(), e);
    }
    return this;
  }

  /**
   * The port of its /health, from the line {@code health http://localhost:PORT/health} it prints.
   */
  public OptionalInt httpPort() throws IOException {
    Matcher m = HEALTH_LINE.matcher(Files.readString(stdout, StandardCharsets.UTF_8));
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** Status of GET /health, or -1 when nothing answers. */
  public int health() throws IOException {
    OptionalInt port = httpPort();
    if (port.isEmpty()) {
      throw new AssertionError(name + " never printed its health address; " + diagnostics());
    }
    return health(port.getAsInt());
  }

  private int health(int port) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
              .timeout(Duration.ofSeconds(5))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Fails, naming the log files and their last lines, when the child has exited. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(
          name + " exited with code " + process.exitValue() + "; " + diagnostics());
    }
  }

  public long pid() {
    return process.pid();
  }

  /** kill -9: no shutdown hook runs, nothing is flushed or committed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " (pid " + process.pid() + ") survived kill -9 for 30 s");
    }
  }

  public String log() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  public String diagnostics() {
    return "stdout " + stdout + ", log " + stderr + ", last log lines:\n" + tail(stderr, 40);
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
