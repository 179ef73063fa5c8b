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
    this(bootstrapServers, registryUrl, null);
  }

  /**
   * @param partitioner a producer partitioner other than Kafka's default, as another client's would
   *     be; null for the default
   */
  public RequestProducer(
      String bootstrapServers,
      String registryUrl,
      Class<? extends org.apache.kafka.clients.producer.Partitioner> partitioner) {
    this.registryUrl = registryUrl;
    Map<String, Object> props = new java.util.HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    if (partitioner != null) {
      props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitioner.getName());
    }
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Serializes with a serializer of its own (one per call: it caches by content, see FACTS.md) and
   * sends.
   */
  public RecordMetadata sendAvro(String topic, String key, Object value) throws Exception {
    return sendAvro(topic, null, key, value);
  }

  /**
   * Serializes and sends to one partition.
   *
   * @param partition the partition to write to, whatever the key; null lets the partitioner choose
   */
  public RecordMetadata sendAvro(String topic, Integer partition, String key, Object value)
      throws Exception {
    try (AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>()) {
      serializer.configure(ApicurioSerdeFactory.settingsFor(registryUrl), false);
      byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
      return producer
          .send(
              new ProducerRecord<>(topic, partition, keyBytes, serializer.serialize(topic, value)))
          .get(30, TimeUnit.SECONDS);
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
