package dev.archiver.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The one place every Kafka client of the archiver gets its connection from: the brokers and the
 * kafka.client.* settings (TLS, SASL, timeouts). Kafka Streams, the admin client (topics,
 * repartition purging, health) and the CLI's producers and consumers all start from {@link #with},
 * so a secured cluster needs the settings written once.
 */
public final class KafkaClientProperties {

  private final String bootstrapServers;
  private final Map<String, String> connection;

  private KafkaClientProperties(String bootstrapServers, Map<String, String> connection) {
    this.bootstrapServers = bootstrapServers;
    this.connection = Map.copyOf(connection);
  }

  /**
   * The client settings of {@code config}.
   *
   * @param bootstrapServers the brokers actually used: the configured ones, or the embedded
   *     broker's address
   */
  public static KafkaClientProperties of(ArchiverConfig config, String bootstrapServers) {
    return new KafkaClientProperties(bootstrapServers, config.kafkaClientSettings());
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The connection settings and the brokers, with the client's own settings on top: what the
   * archiver relies on (acks, isolation, exactly-once) cannot be undone from config, while
   * kafka.client.* only reaches settings every client shares.
   */
  public Map<String, Object> with(Map<String, ?> own) {
    Map<String, Object> props = new HashMap<>(connection);
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putAll(own);
    return props;
  }

  /** {@link #with} as Properties, for Kafka Streams. */
  public Properties properties(Map<String, ?> own) {
    Properties properties = new Properties();
    properties.putAll(with(own));
    return properties;
  }
}
