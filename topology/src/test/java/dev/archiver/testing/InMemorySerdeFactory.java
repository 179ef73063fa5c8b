package dev.archiver.testing;

import dev.archiver.streams.serde.ApicurioSerdeFactory;
import dev.archiver.streams.serde.EventSerdeFactory;
import dev.archiver.streams.serde.TypedDeserializer;
import io.apicurio.registry.resolver.SchemaResolver;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** The production serdes (Apicurio's, typed like ours) on an in-memory registry. */
public final class InMemorySerdeFactory implements EventSerdeFactory {

  private static final Map<String, Object> SETTINGS =
      ApicurioSerdeFactory.settingsFor("http://in-memory.invalid/apis/registry/v3");

  private final InMemorySchemaRegistry registry;

  public InMemorySerdeFactory(InMemorySchemaRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
    AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>(resolver());
    serializer.configure(SETTINGS, false);
    AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>(resolver());
    deserializer.configure(SETTINGS, false);
    return Serdes.serdeFrom(serializer, new TypedDeserializer<>(deserializer, type));
  }

  @SuppressWarnings("unchecked") // the registry handles any Avro value; the serdes narrow the type
  private <T> SchemaResolver<Schema, T> resolver() {
    return (SchemaResolver<Schema, T>) (SchemaResolver<Schema, ?>) registry;
  }

  /** A serializer for any Avro value (generic records of made-up schemas included). */
  public Serializer<Object> anyValueSerializer() {
    AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>(registry);
    serializer.configure(SETTINGS, false);
    return serializer;
  }
}
