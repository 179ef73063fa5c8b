package dev.archiver.testing;

import dev.archiver.streams.serde.ApicurioSerdeFactory;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces to the real broker: Avro values through the real registry, or raw bytes. */
public final class RequestProducer implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final String registryUrl;

  public RequestProducer(String bootstrapServers, String registryUrl) {
    this.registryUrl = registryUrl;
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /** Serializes with a serializer of its own (one per call: it caches by content, see FACTS.md) and sends. */
  public RecordMetadata sendAvro(String topic, String key, Object value) throws Exception {
    try (AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>()) {
      serializer.configure(ApicurioSerdeFactory.settingsFor(registryUrl), false);
      return sendRaw(topic, key, serializer.serialize(topic, value));
    }
  }

  public RecordMetadata sendRaw(String topic, String key, byte[] value) throws Exception {
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    return producer.send(new ProducerRecord<>(topic, keyBytes, value)).get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
