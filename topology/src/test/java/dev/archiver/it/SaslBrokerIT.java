package dev.archiver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.service.ArchiverService;
import dev.archiver.testing.CliRunner;
import dev.archiver.testing.LogCapture;
import dev.archiver.testing.SaslStack;
import dev.archiver.testing.SourceTree;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archiver on a broker that lets only SASL/PLAIN clients in: the service (topic provisioning,
 * Kafka Streams, health) and the CLI's producer and consumers all log in with the kafka.client.*
 * settings, an archive request completes, and the password never reaches the log. Wrong credentials
 * stop start-up naming the setting to fix.
 */
class SaslBrokerIT {

  @TempDir static Path dir;
  private static SaslStack stack;

  @BeforeAll
  static void startTheSecuredBroker() throws Exception {
    stack = SaslStack.start(dir.resolve("stack"));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldNotLetAClientWithoutCredentialsIn() {
    // Without this, the test below could pass on a broker that never asked for a login.
    try (Admin anonymous =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
      assertThatThrownBy(() -> anonymous.listTopics().names().get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void shouldArchiveAndVerifyOverSaslWithThePasswordNeverLogged() throws Exception {
    Path sources = dir.resolve("ok/sources");
    Map<String, String> values = archiverConfig(dir.resolve("ok"), sources, SaslStack.PASSWORD);
    SourceTree tree = new SourceTree(sources.resolve("run-sasl"), 7);
    tree.text("a.txt", "over SASL\n", "rw-r--r--");
    tree.random("b.bin", 600_000);
    Path source = tree.finish().root();
    CliRunner cli = CliRunner.withConfig(cliConfig(dir.resolve("ok/cli.yaml"), SaslStack.PASSWORD));
    // Every Kafka client dumps its config at INFO; an operator may turn that on
    // (ARCHIVER_KAFKA_LOG_LEVEL), so this does.
    ch.qos.logback.classic.Logger configDump =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.apache.kafka.common.config.AbstractConfig.class);
    ch.qos.logback.classic.Level level = configDump.getLevel();
    configDump.setLevel(ch.qos.logback.classic.Level.INFO);

    try (LogCapture logs = new LogCapture();
        ArchiverService service = ArchiverService.start(ArchiverConfig.defaultsWith(values))) {

      assertThat(
              cli.run(
                  "archive",
                  "run-sasl",
                  "--source",
                  "file:" + source,
                  "--wait",
                  "--timeout",
                  "120s"))
          .as("archive; out: %s err: %s", cli.out(), cli.err())
          .isZero();
      assertThat(cli.out()).contains("archived run-sasl");
      assertThat(cli.run("verify", "run-sasl", "--wait", "--timeout", "120s"))
          .as("verify; out: %s err: %s", cli.out(), cli.err())
          .isZero();

      JsonNode health = health(service.httpPort());
      assertThat(health.at("/parts/broker/status").asText())
          .as("health %s", health)
          .isEqualTo("UP");
      assertThat(health.at("/parts/streams/state").asText()).isIn("RUNNING", "REBALANCING");
      // Kafka's own config dumps list sasl.jaas.config as [hidden]; nothing of ours may print it
      // either.
      assertThat(logs.mentioning(SaslStack.PASSWORD)).isEmpty();
      assertThat(logs.mentioning("sasl.jaas.config = [hidden]"))
          .as("the config dumps were seen")
          .isNotEmpty();
    } finally {
      configDump.setLevel(level);
    }
  }

  @Test
  void shouldStopStartUpNamingTheSettingToFixWhenThePasswordIsWrong() throws Exception {
    Path work = dir.resolve("wrong");
    Map<String, String> values = archiverConfig(work, work.resolve("sources"), "not-the-password");

    assertThatThrownBy(() -> ArchiverService.start(ArchiverConfig.defaultsWith(values)).close())
        .hasMessageContaining(
            "the broker at "
                + stack.bootstrapServers()
                + " refused the archiver's SASL credentials")
        .hasMessageContaining(
            "fix: check the user and password in kafka.client.sasl.jaas.config (ARCHIVER_KAFKA_CLIENT_SASL_JAAS_CONFIG)")
        .hasMessageNotContaining("not-the-password");

    CliRunner cli = CliRunner.withConfig(cliConfig(work.resolve("cli.yaml"), "not-the-password"));
    assertThat(
            cli.run(
                "archive",
                "run-refused",
                "--source",
                "file:/nowhere",
                "--wait",
                "--timeout",
                "60s"))
        .isEqualTo(1);
    assertThat(cli.err())
        .contains("refused the archiver's SASL credentials", "kafka.client.sasl.jaas.config")
        .doesNotContain("not-the-password");
  }

  private static Map<String, String> archiverConfig(Path work, Path sources, String password) {
    Map<String, String> values = new HashMap<>(SaslStack.clientSettings(SaslStack.USER, password));
    values.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), stack.bootstrapServers());
    values.put(ConfigKeys.REGISTRY_URL.name(), stack.registryUrl());
    values.put(ConfigKeys.DATA_DIR.name(), work.resolve("data").toString());
    values.put(ConfigKeys.SOURCE_ROOTS.name(), sources.toString());
    values.put(ConfigKeys.HTTP_PORT.name(), "0");
    values.put(ConfigKeys.STREAM_THREADS.name(), "1");
    values.put(ConfigKeys.TOPIC_PARTITIONS.name(), "2");
    values.put(ConfigKeys.CHUNK_SIZE.name(), "256KiB");
    return values;
  }

  /** The CLI's own config file, as an operator would write it: the same cluster, the same login. */
  private static Path cliConfig(Path file, String password) throws Exception {
    Map<String, String> values = new HashMap<>(SaslStack.clientSettings(SaslStack.USER, password));
    values.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), stack.bootstrapServers());
    values.put(ConfigKeys.REGISTRY_URL.name(), stack.registryUrl());
    Files.createDirectories(file.getParent());
    String yaml =
        values.entrySet().stream()
            .map(e -> e.getKey() + ": '" + e.getValue().replace("'", "''") + "'")
            .sorted()
            .collect(Collectors.joining("\n", "", "\n"));
    return Files.writeString(file, yaml);
  }

  private static JsonNode health(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body());
  }
}
