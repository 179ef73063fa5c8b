package dev.archiver.streams.serde;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro serdes on Apicurio Registry, writing the Confluent wire format (magic byte, 4-byte content
 * id), so Kafka UI and Confluent-style consumers read the topics through the registry's ccompat
 * API.
 */
public final class ApicurioSerdeFactory implements EventSerdeFactory {

  private final Map<String, Object> settings;

  /**
   * @param settings from {@link #settingsFor}; tests add their own schema resolver
   */
  public ApicurioSerdeFactory(Map<String, Object> settings) {
    this.settings = Map.copyOf(settings);
  }

  /** The settings of an unauthenticated registry (the embedded one, tests). */
  public static Map<String, Object> settingsFor(String registryUrl) {
    return settingsFor(registryUrl, Map.of());
  }

  /**
   * The settings of a registry that needs {@code connection} settings (auth, TLS).
   *
   * @param connection registry.client.* under Apicurio's names (auth, TLS, proxy, retries); the
   *     wire format below is set on top of them, since consumers of the topics depend on it
   */
  public static Map<String, Object> settingsFor(
      String registryUrl, Map<String, String> connection) {
    Map<String, Object> s = new HashMap<>(connection);
    s.put(SerdeConfig.REGISTRY_URL, registryUrl);
    s.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
    s.put(
        SerdeConfig.USE_ID, "contentId"); // ccompat ids are content ids: Kafka UI decodes with them
    s.put("apicurio.registry.use-specific-avro-reader", true);
    // Register each event's schema whole, shared types inlined: Kafka UI and Confluent-style
    // consumers fetch
    // one schema by id and cannot resolve Apicurio's artifact references.
    s.put(SerdeConfig.DEREFERENCE_SCHEMA, true);
    return s;
  }

  @Override
  public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
    AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
    serializer.configure(settings, false);
    AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
    deserializer.configure(settings, false);
    return Serdes.serdeFrom(serializer, new TypedDeserializer<>(deserializer, type));
  }
}
