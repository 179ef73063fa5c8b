package dev.archiver.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: unpacked by tar in an empty directory outside the source
 * tree, run through bin/archiver alone, with a bare environment and a JDK. It answers --version,
 * ships a config file that loads and a completion that bash loads, and runs `up` on the embedded
 * stack (broker and registry started for it) until /health says UP, then stops on SIGTERM after
 * closing everything it started.
 */
class DistributionIT {

  private static final Pattern HEALTH_LINE =
      Pattern.compile("health\\s+http://localhost:(\\d+)/health");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path unpacked;
  @TempDir Path work;

  private static Release release;

  @BeforeAll
  static void unpack() throws Exception {
    release = Release.unpack(Path.of(System.getProperty("archiver.release.archive")), unpacked);
    assertThat(release.home().toString())
        .doesNotContain(Path.of("").toAbsolutePath().getParent().toString());
  }

  @Test
  void shouldPrintTheVersionsItWasBuiltWithThroughASymlinkFromAnyDirectory() throws Exception {
    // A relative link in another directory, as `ln -s ../opt/archiver/bin/archiver ~/bin/archiver`
    // makes.
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path link =
        Files.createSymbolicLink(bin.resolve("archiver"), bin.relativize(release.launcher()));
    Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));

    Release.Result version =
        Release.run(
            link,
            List.of("--version"),
            elsewhere,
            Map.of("ARCHIVER_JAVA_OPTS", "-XshowSettings:properties -Darchiver.marker=from-opts"));

    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.stdout())
        .startsWith("archiver " + System.getProperty("archiver.release.version") + "\n")
        .containsPattern("kafka +" + quoted("archiver.release.kafka") + "\n")
        .containsPattern("avro +" + quoted("archiver.release.avro") + "\n")
        .containsPattern("apicurio serde +" + quoted("archiver.release.apicurio-serde") + "\n")
        .contains(
            System.getProperty("archiver.release.apicurio-registry")
                + " (embedded server in "
                + release.home().toRealPath().resolve("registry")
                + ")")
        .doesNotContain("(but", "not found", "no embedded server");
    assertThat(version.stderr())
        .as("ARCHIVER_JAVA_OPTS reached the JVM")
        .contains("archiver.marker = from-opts");
  }

  @Test
  void shouldRunTheJavaOfJavaHomeOrElseTheOneOnThePath() throws Exception {
    Path decoy = Files.createDirectories(work.resolve("decoy"));
    Path fakeJava =
        Files.writeString(
            decoy.resolve("java"), "#!/bin/sh\necho \"decoy java $*\" >&2\nexit 97\n");
    assertThat(fakeJava.toFile().setExecutable(true)).isTrue();
    String path = decoy + ":/usr/local/bin:/usr/bin:/bin";

    Release.Result withJavaHome =
        Release.run(release.launcher(), List.of("--version"), work, Map.of("PATH", path));
    Map<String, String> noJavaHome = new HashMap<>(Map.of("PATH", path));
    noJavaHome.put("JAVA_HOME", null);
    Release.Result fromPath =
        Release.run(release.launcher(), List.of("--version"), work, noJavaHome);
    Release.Result badJavaHome =
        Release.run(
            release.launcher(),
            List.of("--version"),
            work,
            Map.of("JAVA_HOME", work.resolve("nojdk").toString()));

    assertThat(withJavaHome.exitCode()).as(withJavaHome.toString()).isZero();
    assertThat(fromPath.exitCode()).as(fromPath.toString()).isEqualTo(97);
    assertThat(fromPath.stderr()).contains("decoy java", "dev.archiver.cli.ArchiverCli --version");
    assertThat(badJavaHome.exitCode()).isEqualTo(1);
    assertThat(badJavaHome.stderr()).contains("JAVA_HOME is " + work.resolve("nojdk"), "fix:");
  }

  @Test
  void shouldShipAConfigFileThatLoadsAndTheCompletionTheLauncherPrints() throws Exception {
    Path config = release.home().resolve("conf/archiver.yaml");
    Path completion = release.home().resolve("completion/archiver.bash");

    Release.Result validate =
        Release.run(
            release.launcher(), List.of("config", "validate", config.toString()), work, Map.of());
    Release.Result printed = Release.run(release.launcher(), List.of("completion"), work, Map.of());
    Release.Result bash =
        Release.run(
            Path.of("/bin/bash"),
            List.of("-c", "source " + completion + " && complete -p archiver"),
            work,
            Map.of());

    assertThat(validate.exitCode()).as(validate.toString()).isZero();
    assertThat(Files.readString(config))
        .contains("#log.format: logfmt", "#embedded.registry.home: \"\"");
    assertThat(printed.exitCode()).as(printed.toString()).isZero();
    assertThat(printed.stdout()).isEqualTo(Files.readString(completion));
    assertThat(bash.exitCode()).as(bash.toString()).isZero();
    assertThat(bash.stdout()).isEqualTo("complete -o default -F _complete_archiver archiver\n");
  }

  @Test
  void shouldRunTheEmbeddedStackUntilHealthyThenStopCleanlyOnSigterm() throws Exception {
    Path stdout = work.resolve("up.out");
    Path stderr = work.resolve("up.err");
    Map<String, String> env =
        Map.of(
            // Free ports for everything, so the test runs beside anything else on the machine.
            "ARCHIVER_HTTP_PORT", "0",
            "ARCHIVER_EMBEDDED_KAFKA_PORT", "0",
            "ARCHIVER_EMBEDDED_REGISTRY_PORT", "0",
            "ARCHIVER_LOG_FORMAT", "json",
            "ARCHIVER_STREAMS_NUM_THREADS", "1",
            "ARCHIVER_TOPICS_PARTITIONS", "1",
            "ARCHIVER_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC");
    List<String> command =
        List.of(
            release.launcher().toString(),
            "up",
            "--config",
            release.home().resolve("conf/archiver.yaml").toString(),
            "--data-dir",
            work.resolve("data").toString());
    Process up =
        Release.command(command, work, env)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      int port = awaitHealthy(up, stdout, stderr);
      List<ProcessHandle> started = up.descendants().toList();
      assertThat(started).as("the embedded registry runs as a child").isNotEmpty();

      up.destroy(); // SIGTERM, as Ctrl-C, docker stop and systemd send

      assertThat(up.waitFor(90, TimeUnit.SECONDS))
          .as("stopped within 90 s; " + tail(stderr))
          .isTrue();
      assertThat(up.exitValue())
          .as("the JVM's exit status after SIGTERM and its shutdown hook")
          .isEqualTo(143);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
      assertThat(health(port)).as("nothing answers after the stop").isEmpty();
    } finally {
      up.descendants().forEach(ProcessHandle::destroyForcibly);
      up.destroyForcibly();
    }

    // The log went to stderr, one JSON object per line (log.format=json), ending with the clean
    // stop.
    List<String> logLines =
        Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .toList();
    assertThat(logLines).isNotEmpty();
    for (String line : logLines) {
      JsonNode event = parseJson(line);
      assertThat(
              event.path("level").isTextual()
                  && event.path("logger").isTextual()
                  && event.path("message").isTextual())
          .as("level, logger and message in " + line)
          .isTrue();
    }
    assertThat(logLines).anySatisfy(l -> assertThat(l).contains("event=archiver_started"));
    assertThat(logLines.get(logLines.size() - 1)).contains("event=archiver_stopped");
    assertThat(Files.readString(stdout))
        .as("stdout is for people: addresses, no log lines")
        .contains("archiver is up")
        .doesNotContain("event=");
  }

  /**
   * Waits for the health address on stdout, then for /health to say UP; fails at once when the
   * process ends.
   */
  private static int awaitHealthy(Process up, Path stdout, Path stderr) {
    int[] port = {-1};
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .failFast("bin/archiver up exited; " + tail(stderr), () -> !up.isAlive())
        .until(
            () -> {
              Matcher m = HEALTH_LINE.matcher(Files.readString(stdout));
              if (!m.find()) {
                return false;
              }
              port[0] = Integer.parseInt(m.group(1));
              return health(port[0]).map(h -> h.path("status").asText().equals("UP")).orElse(false);
            });
    return port[0];
  }

  private static Optional<JsonNode> health(int port) throws InterruptedException {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Optional.of(JSON.readTree(response.body()))
          : Optional.empty();
    } catch (IOException notListening) {
      return Optional.empty();
    }
  }

  private static JsonNode parseJson(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not a JSON log line: " + line, e);
    }
  }

  private static String quoted(String property) {
    return Pattern.quote(System.getProperty(property));
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return "last lines of "
          + file
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e + ")";
    }
  }
}
