package dev.archiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka.client.* and registry.client.*: what is accepted, what stops start-up, and how secrets are
 * shown.
 */
class PassThroughConfigTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"archiver\" password=\"jaas-pw-1234\";";
  private static final Map<String, String> CLUSTER =
      Map.of(
          "kafka.bootstrap.servers",
          "broker:9093",
          "registry.url",
          "https://registry:8443/apis/registry/v3");

  @TempDir Path dir;
  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void shouldHandKafkaSettingsOnUnderTheirKafkaNamesWithTheEnvironmentWinning() throws IOException {
    Path file =
        write(
            "secure.yaml",
            """
        kafka:
          bootstrap.servers: broker:9093
          client:
            security.protocol: SASL_SSL
            sasl.mechanism: SCRAM-SHA-512
            ssl.truststore.location: /etc/archiver/ca.p12
        registry.url: https://registry:8443/apis/registry/v3
        """);

    ArchiverConfig config =
        loader.load(
            file,
            Map.of(
                "ARCHIVER_KAFKA_CLIENT_SASL_JAAS_CONFIG",
                JAAS,
                "ARCHIVER_KAFKA_CLIENT_SASL_MECHANISM",
                "PLAIN"),
            Map.of());

    assertThat(config.kafkaClientSettings())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "ssl.truststore.location", "/etc/archiver/ca.p12",
                "sasl.jaas.config", JAAS));
    assertThat(config.registryClientSettings()).isEmpty();
  }

  @Test
  void shouldHandRegistrySettingsOnUnderApicuriosNames() {
    Map<String, String> flags = new java.util.HashMap<>(CLUSTER);
    flags.put("registry.client.auth.username", "archiver");
    flags.put("registry.client.tls.trust-all", "false");
    ArchiverConfig config =
        loader.load(null, Map.of("ARCHIVER_REGISTRY_CLIENT_AUTH_PASSWORD", "reg-pw-1234"), flags);

    assertThat(config.registryClientSettings())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "apicurio.registry.auth.username", "archiver",
                "apicurio.registry.auth.password", "reg-pw-1234",
                "apicurio.registry.tls.trust-all", "false"));
  }

  @Test
  void shouldSuggestTheRightNameForAMisspeltSetting() throws IOException {
    Path file =
        write(
            "typo.yaml",
            "kafka.bootstrap.servers: b:9092\nregistry.url: http://r/apis/registry/v3\nkafka.client.sasl.jass.config: x\n");

    assertThatThrownBy(() -> loader.load(file, Map.of(), Map.of()))
        .hasMessageContaining("kafka.client.sasl.jass.config")
        .hasMessageContaining("is not a setting kafka.client.* passes on")
        .hasMessageContaining("did you mean 'kafka.client.sasl.jaas.config'")
        // the value of a would-be JAAS config is a secret even when its name is misspelt
        .hasMessageNotContaining("= 'x'");
  }

  @Test
  void shouldNameAnEnvironmentVariableThatMatchesNoSetting() {
    assertThatThrownBy(
            () ->
                loader.load(null, Map.of("ARCHIVER_KAFKA_CLIENT_SASL_JASS_CONFIG", JAAS), CLUSTER))
        .hasMessageContaining("environment variable ARCHIVER_KAFKA_CLIENT_SASL_JASS_CONFIG")
        .hasMessageContaining("did you mean 'kafka.client.sasl.jaas.config'")
        .hasMessageNotContaining("jaas-pw-1234");
  }

  @Test
  void shouldRefuseWhatTheArchiverSetsItselfOrWhatNotEveryClientUnderstands() {
    Map<String, String> flags = new java.util.HashMap<>(CLUSTER);
    flags.put("kafka.client.bootstrap.servers", "other:9092");
    flags.put("kafka.client.acks", "1");
    flags.put("registry.client.url", "http://elsewhere");
    flags.put("registry.client.use-id", "globalId");

    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class, () -> loader.load(null, Map.of(), flags));

    assertThat(e.problems())
        .extracting(ConfigException.Problem::key)
        .containsExactlyInAnyOrder(
            "kafka.client.bootstrap.servers",
            "kafka.client.acks",
            "registry.client.url",
            "registry.client.use-id");
    assertThat(e.getMessage())
        .contains(
            "kafka.client.bootstrap.servers = 'other:9092' (command-line flag): is set by the archiver itself; fix: set kafka.bootstrap.servers")
        .contains(
            "registry.client.url = 'http://elsewhere' (command-line flag): is set by the archiver itself; fix: set registry.url");
  }

  @Test
  void shouldCheckValuesAsKafkaWould() {
    Map<String, String> flags = new java.util.HashMap<>(CLUSTER);
    flags.put("kafka.client.security.protocol", "SASL_PLAIN");
    flags.put("kafka.client.request.timeout.ms", "soon");
    flags.put("registry.client.retry-count", "many");

    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class, () -> loader.load(null, Map.of(), flags));

    assertThat(e.getMessage())
        .contains(
            "kafka.client.security.protocol = 'SASL_PLAIN'",
            "SASL_SSL",
            "fix: set kafka.client.security.protocol (or ARCHIVER_KAFKA_CLIENT_SECURITY_PROTOCOL)")
        .contains("kafka.client.request.timeout.ms = 'soon'")
        .contains(
            "registry.client.retry-count = 'many' (command-line flag): must be a whole number");
  }

  @Test
  void shouldRefuseASecuredProtocolForTheEmbeddedBroker() {
    assertThatThrownBy(
            () ->
                loader.load(
                    null,
                    Map.of("ARCHIVER_KAFKA_CLIENT_SECURITY_PROTOCOL", "SSL"),
                    Map.of("data.dir", dir.toString())))
        .hasMessageContaining(
            "kafka.client.security.protocol = 'SSL' (environment variable ARCHIVER_KAFKA_CLIENT_SECURITY_PROTOCOL)")
        .hasMessageContaining(
            "the embedded broker (kafka.bootstrap.servers empty) speaks PLAINTEXT only")
        .hasMessageContaining("fix: set kafka.bootstrap.servers");
  }

  @Test
  void shouldAskForTheOtherHalfOfTheRegistryCredentials() {
    Map<String, String> flags = new java.util.HashMap<>(CLUSTER);
    flags.put("registry.client.auth.username", "archiver");
    flags.put("registry.client.auth.client.id", "archiver-client");

    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class, () -> loader.load(null, Map.of(), flags));

    assertThat(e.problems())
        .extracting(ConfigException.Problem::key)
        .containsExactlyInAnyOrder(
            "registry.client.auth.password", "registry.client.auth.service.token.endpoint");
    assertThat(e.getMessage())
        .contains(
            "registry.client.auth.password (missing): is needed because registry.client.auth.username is set");
  }

  @Test
  void shouldNeverShowASecretInConfigShowOrInAnError() {
    Map<String, String> flags = new java.util.HashMap<>(CLUSTER);
    flags.put("kafka.client.security.protocol", "SASL_SSL");
    flags.put("kafka.client.sasl.mechanism", "PLAIN");
    flags.put("kafka.client.sasl.jaas.config", JAAS);
    flags.put("kafka.client.ssl.truststore.location", "/etc/archiver/ca.p12");
    flags.put("kafka.client.ssl.truststore.password", "trust-pw-1234");
    flags.put("registry.client.auth.username", "archiver");
    flags.put("registry.client.auth.password", "reg-pw-1234");
    flags.put("http.token", "http-token-0123456789");
    flags.put("registry.url", "https://archiver:url-pw-1234@registry:8443/apis/registry/v3");

    ArchiverConfig config = loader.load(null, Map.of(), flags);
    Map<String, String> shown = new java.util.HashMap<>();
    config.settings().forEach(s -> shown.put(s.key(), s.shownValue()));

    assertThat(shown)
        .containsEntry("kafka.client.sasl.jaas.config", Secrets.HIDDEN)
        .containsEntry("kafka.client.ssl.truststore.password", Secrets.HIDDEN)
        .containsEntry("registry.client.auth.password", Secrets.HIDDEN)
        .containsEntry("http.token", Secrets.HIDDEN)
        .containsEntry("registry.url", "https://archiver:[hidden]@registry:8443/apis/registry/v3")
        .containsEntry("kafka.client.security.protocol", "SASL_SSL")
        .containsEntry("kafka.client.ssl.truststore.location", "/etc/archiver/ca.p12")
        .containsEntry("registry.client.auth.username", "archiver")
        .containsEntry("http.token", Secrets.HIDDEN);
    assertThat(String.join("\n", shown.values()))
        .doesNotContain(
            "jaas-pw-1234", "trust-pw-1234", "reg-pw-1234", "http-token-0123456789", "url-pw-1234");

    flags.put("http.token", "short-secret");
    assertThatThrownBy(() -> loader.load(null, Map.of(), flags))
        .hasMessageContaining("http.token = '[hidden]'")
        .hasMessageContaining("at least 16 characters")
        .hasMessageNotContaining("short-secret");
  }

  @Test
  void shouldTellSecretsBySettingNameAndByKafkasOwnPasswordType() {
    assertThat(Secrets.isSecret("kafka.client.sasl.jaas.config")).isTrue();
    assertThat(Secrets.isSecret("kafka.client.ssl.keystore.key")).isTrue();
    assertThat(Secrets.isSecret("kafka.client.ssl.key.password")).isTrue();
    assertThat(Secrets.isSecret("kafka.client.sasl.oauthbearer.client.credentials.client.secret"))
        .isTrue();
    assertThat(Secrets.isSecret("kafka.client.sasl.oauthbearer.assertion.private.key.passphrase"))
        .isTrue();
    assertThat(Secrets.isSecret("registry.client.auth.client.secret")).isTrue();
    assertThat(Secrets.isSecret("http.token")).isTrue();

    assertThat(Secrets.isSecret("kafka.client.ssl.keystore.location")).isFalse();
    assertThat(Secrets.isSecret("kafka.client.security.protocol")).isFalse();
    assertThat(Secrets.isSecret("registry.client.auth.username")).isFalse();
    assertThat(Secrets.isSecret("kafka.bootstrap.servers")).isFalse();
  }

  @Test
  void shouldGiveEveryAcceptedNameItsOwnEnvironmentVariable() {
    for (ConfigPrefix prefix : ConfigKeys.prefixes()) {
      assertThat(prefix.namesByEnvVar())
          .as(prefix.prefix())
          .hasSize(prefix.names().size() + prefix.owned().size());
    }
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
