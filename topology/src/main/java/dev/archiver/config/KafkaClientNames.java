package dev.archiver.config;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The Kafka client settings {@code kafka.client.*} may carry: those every kind of client
 * understands (admin, producer and consumer alike), because each one is handed to every client the
 * archiver builds. That is the connection layer: security protocol, SASL, TLS, timeouts, DNS,
 * metrics reporters. Names and value checks come from Kafka's own definitions, so they follow the
 * client library rather than a list of ours.
 */
final class KafkaClientNames {

  /** Set by the archiver for each client; the value is the fix to give. */
  static final Map<String, String> OWNED =
      Map.of(
          CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
          "set kafka.bootstrap.servers (ARCHIVER_KAFKA_BOOTSTRAP_SERVERS) instead",
          CommonClientConfigs.CLIENT_ID_CONFIG,
          "remove it: the archiver names each of its clients itself");

  static final SortedSet<String> NAMES = commonNames();

  private static final ConfigDef ADMIN = AdminClientConfig.configDef();

  private KafkaClientNames() {}

  private static SortedSet<String> commonNames() {
    SortedSet<String> names = new TreeSet<>(AdminClientConfig.configNames());
    names.retainAll(ProducerConfig.configNames());
    names.retainAll(ConsumerConfig.configNames());
    names.removeAll(OWNED.keySet());
    return names;
  }

  /**
   * Kafka's own PASSWORD type: sasl.jaas.config, ssl.key.password, ssl.keystore.key, the OAuth
   * client secret...
   */
  static boolean isPassword(String name) {
    ConfigDef.ConfigKey key = ADMIN.configKeys().get(name);
    return key != null && key.type == ConfigDef.Type.PASSWORD;
  }

  /**
   * What is wrong with {@code value} for {@code name}, as Kafka would say it at client start, or
   * empty when it is fine.
   */
  static Optional<String> problem(String name, String value) {
    ConfigDef.ConfigKey key = ADMIN.configKeys().get(name);
    if (key == null) {
      return Optional.empty();
    }
    try {
      Object parsed = ConfigDef.parseType(name, value, key.type);
      if (key.validator != null) {
        key.validator.ensureValid(name, parsed);
      }
      return Optional.empty();
    } catch (org.apache.kafka.common.config.ConfigException e) {
      // Kafka's message repeats the value: keep it out for secrets.
      String detail = key.type == ConfigDef.Type.PASSWORD ? "" : ": " + e.getMessage();
      return Optional.of(
          "is not a valid "
              + key.type.name().toLowerCase(java.util.Locale.ROOT)
              + " for Kafka's "
              + name
              + detail);
    }
  }
}
