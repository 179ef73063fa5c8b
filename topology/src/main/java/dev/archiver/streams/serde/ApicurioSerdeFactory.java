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
 * Avro serdes on Apicurio Registry, writing the Confluent wire format (magic byte, 4-byte content id), so Kafka
 * UI and Confluent-style consumers read the topics through the registry's ccompat API.
 */
public final class ApicurioSerdeFactory implements EventSerdeFactory {

  private final Map<String, Object> settings;

  public ApicurioSerdeFactory(String registryUrl) {
    this(settingsFor(registryUrl));
  }

  /** For tests that bring their own schema resolver; production passes only the registry URL. */
  public ApicurioSerdeFactory(Map<String, Object> settings) {
    this.settings = Map.copyOf(settings);
  }

  public static Map<String, Object> settingsFor(String registryUrl) {
    Map<String, Object> s = new HashMap<>();
    s.put(SerdeConfig.REGISTRY_URL, registryUrl);
    s.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
    s.put(SerdeConfig.USE_ID, "contentId"); // ccompat ids are content ids: Kafka UI decodes with them
    s.put("apicurio.registry.use-specific-avro-reader", true);
    // Register each event's schema whole, shared types inlined: Kafka UI and Confluent-style consumers fetch
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
