package dev.archiver.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry run as a child process from the jar the build unpacked. Its H2 database is a
 * file under the data directory: schema ids must outlive a restart, or old records would be decoded
 * with new schemas.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final Path home;
  private final Path stateDir;
  private final int port;
  private Process process;

  /**
   * @param home directory holding apicurio-registry-app-*-runner.jar
   * @param stateDir where its database, log and pid file live
   * @param port HTTP port on 127.0.0.1
   */
  public EmbeddedSchemaRegistry(Path home, Path stateDir, int port) {
    this.home = home;
    this.stateDir = stateDir;
    this.port = port;
  }

  /** The v3 API base, as the serdes want it. */
  public String url() {
    return "http://localhost:" + port + "/apis/registry/v3";
  }

  public synchronized void start() throws IOException, InterruptedException {
    Files.createDirectories(stateDir);
    stopStaleChild();
    Path log = stateDir.resolve("registry.log");
    List<String> command = new ArrayList<>(watchdog());
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:+UseSerialGC");
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dapicurio.storage.kind=sql");
    command.add("-Dapicurio.storage.sql.kind=h2");
    command.add(
        "-Dapicurio.datasource.url=jdbc:h2:file:" + stateDir.resolve("registry").toAbsolutePath());
    command.add("-Dapicurio.datasource.username=sa");
    command.add("-Dapicurio.datasource.password=sa");
    command.add("-jar");
    command.add(runnerJar().toString());
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Files.writeString(stateDir.resolve("registry.pid"), Long.toString(process.pid()));
    awaitReady(log);
    LOG.info(
        "event=embedded_registry_started url={} pid={} state_dir={}",
        url(),
        process.pid(),
        stateDir);
  }

  /**
   * A shell that runs the registry and stops it when this JVM is gone, even after a kill -9 that
   * leaves no chance for a shutdown hook. The JDK cannot ask the kernel to signal a child when its
   * parent dies.
   */
  private static List<String> watchdog() {
    String script =
        "parent=$1; shift; \"$@\" & child=$!; "
            + "trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT; "
            + "while kill -0 \"$parent\" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; "
            + "kill $child 2>/dev/null; wait $child";
    return List.of(
        "/bin/sh", "-c", script, "registry-watchdog", Long.toString(ProcessHandle.current().pid()));
  }

  private Path runnerJar() throws IOException {
    try (Stream<Path> files = Files.list(home)) {
      return files
          .filter(p -> p.getFileName().toString().matches("apicurio-registry-app-.*-runner\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no apicurio-registry-app-*-runner.jar in "
                          + home
                          + "; fix: build once with 'mvn -B -DskipTests package' (it unpacks the registry) or set embedded.registry.home"));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalStateException(
          "embedded registry home "
              + home
              + " does not exist; fix: build once with 'mvn -B -DskipTests package' or set embedded.registry.home",
          e);
    }
  }

  /**
   * A registry left running by a killed archiver holds the port and the database lock: stop it
   * first.
   */
  private void stopStaleChild() throws IOException {
    Path pidFile = stateDir.resolve("registry.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> stale =
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
            .filter(
                h ->
                    h.info()
                        .commandLine()
                        .map(c -> c.contains("apicurio-registry-app"))
                        .orElse(false));
    stale.ifPresent(
        h -> {
          LOG.warn("event=embedded_registry_stale_stopped pid={}", h.pid());
          h.destroy();
          h.onExit()
              .orTimeout(20, TimeUnit.SECONDS)
              .exceptionally(
                  t -> {
                    h.destroyForcibly();
                    return h;
                  })
              .join();
        });
    Files.deleteIfExists(pidFile);
  }

  private void awaitReady(Path log) throws InterruptedException, IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(url() + "/system/info"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the embedded registry exited with code "
                + process.exitValue()
                + "; last log lines:\n"
                + tail(log));
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // still starting
      }
      Thread.sleep(250); // polling a child process: there is no event to wait on
    }
    close();
    throw new IllegalStateException(
        "the embedded registry did not answer on "
            + url()
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s; log:\n"
            + tail(log));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(stateDir.resolve("registry.pid"));
    } catch (IOException ignored) {
      // the pid file is only a hint for the next start
    }
    LOG.info("event=embedded_registry_stopped");
    process = null;
  }
}
