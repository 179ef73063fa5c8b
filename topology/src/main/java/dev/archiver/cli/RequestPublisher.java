package dev.archiver.cli;

import dev.archiver.streams.serde.ApicurioSerdeFactory;
import dev.archiver.streams.serde.EventTopic;
import dev.archiver.streams.serde.EventTopics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes request events the way any producer would: Avro through the registry, keyed by request
 * id.
 */
final class RequestPublisher implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final EventTopics topics;

  RequestPublisher(ClientEndpoints endpoints) {
    this.topics = new EventTopics(new ApicurioSerdeFactory(endpoints.registry()));
    this.producer =
        new KafkaProducer<>(
            endpoints
                .kafka()
                .with(
                    Map.of(
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        15000)),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  EventTopics topics() {
    return topics;
  }

  <V> RecordMetadata publish(EventTopic<V> topic, String key, V value) throws InterruptedException {
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
    return publishRaw(topic.name(), key, bytes);
  }

  RecordMetadata publishRaw(String topic, String key, byte[] value) throws InterruptedException {
    try {
      return producer
          .send(
              new ProducerRecord<>(
                  topic,
                  key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  value))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "could not publish to " + topic + ": " + cause.getMessage(), cause);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
