package dev.archiver.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.streams.StreamsSettings;
import dev.archiver.streams.serde.ApicurioSerdeFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * What each client is built from: the brokers, kafka.client.*, and the client's own settings on
 * top.
 */
class KafkaClientPropertiesTest {

  private static ArchiverConfig secured() {
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap.servers", "broker:9093");
    values.put("registry.url", "https://registry:8443/apis/registry/v3");
    values.put("kafka.client.security.protocol", "SASL_SSL");
    values.put("kafka.client.sasl.mechanism", "PLAIN");
    values.put(
        "kafka.client.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\" password=\"b\";");
    values.put("kafka.client.request.timeout.ms", "20000");
    values.put("registry.client.auth.username", "archiver");
    values.put("registry.client.auth.password", "reg-pw");
    return ArchiverConfig.defaultsWith(values);
  }

  @Test
  void shouldStartEveryClientFromTheBrokersAndTheConnectionSettingsWithItsOwnOnTop() {
    KafkaClientProperties clients = KafkaClientProperties.of(secured(), "broker:9093");

    Map<String, Object> props = clients.with(Map.of("request.timeout.ms", 5000, "acks", "all"));

    assertThat(props)
        .containsEntry("bootstrap.servers", "broker:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsKey("sasl.jaas.config")
        .containsEntry("acks", "all")
        // the client's own value wins: what the archiver relies on cannot be undone from config
        .containsEntry("request.timeout.ms", 5000);
  }

  @Test
  void shouldGiveKafkaStreamsTheConnectionSettingsForAllItsClientsAndKeepExactlyOnce() {
    ArchiverConfig config = secured();

    Properties streams =
        StreamsSettings.of(config, KafkaClientProperties.of(config, "broker:9093"));

    // Unprefixed client settings are what Streams hands to its consumers, producers and admin
    // alike.
    assertThat(streams)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsKey("sasl.jaas.config")
        .containsEntry("request.timeout.ms", "20000")
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
  }

  @Test
  void shouldGiveTheSerdesTheRegistryCredentialsUnderTheArchiversOwnWireFormat() {
    ArchiverConfig config = secured();

    Map<String, Object> serde =
        ApicurioSerdeFactory.settingsFor(
            "https://registry:8443/apis/registry/v3", config.registryClientSettings());

    assertThat(serde)
        .containsEntry("apicurio.registry.auth.username", "archiver")
        .containsEntry("apicurio.registry.auth.password", "reg-pw")
        .containsEntry("apicurio.registry.url", "https://registry:8443/apis/registry/v3")
        .containsEntry("apicurio.registry.use-id", "contentId");
  }

  @Test
  void shouldNameTheSettingsToFixWhenTheBrokerRefusesTheArchiver() {
    String sasl =
        BrokerRefusal.explain(
                new IllegalStateException(
                    "could not create the archiver's topics",
                    new SaslAuthenticationException(
                        "Authentication failed: Invalid username or password")),
                "broker:9093")
            .orElseThrow();
    String tls =
        BrokerRefusal.explain(new SslAuthenticationException("SSL handshake failed"), "broker:9093")
            .orElseThrow();
    String acl =
        BrokerRefusal.explain(
                new TopicAuthorizationException(
                    "Not authorized to access topics: [archiver.audit]"),
                null)
            .orElseThrow();

    assertThat(sasl)
        .contains(
            "the broker at broker:9093 refused the archiver's SASL credentials (Authentication failed: Invalid username or password)")
        .contains(
            "kafka.client.sasl.jaas.config (ARCHIVER_KAFKA_CLIENT_SASL_JAAS_CONFIG)",
            "kafka.client.sasl.mechanism");
    assertThat(tls)
        .contains(
            "kafka.client.ssl.truststore.location (ARCHIVER_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION)");
    assertThat(acl)
        .startsWith("the broker authenticated the archiver but does not allow it")
        .contains("archiver.*");
    assertThat(BrokerRefusal.explain(new IllegalStateException("disk full"), "broker:9093"))
        .isEmpty();
  }
}
