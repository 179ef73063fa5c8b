package dev.archiver.cli;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How the CLI reads the archiver's output: from the end as it was when the command opened it (so
 * its cost never grows with the topics' history), committed records only, decoded via the registry.
 * Open it before publishing a request: the answer comes after that point.
 */
final class CliConsumers {

  private CliConsumers() {}

  /**
   * Closes a consumer made by {@link #fromNow} without waiting on the broker: it has no group and
   * no offsets to commit, and a close that waits lets its fetch session end politely, behind the
   * long poll in flight (measured: 0.45 s of every --wait command's exit).
   */
  static void close(KafkaConsumer<?, ?> consumer) {
    consumer.close(CloseOptions.timeout(Duration.ZERO));
  }

  /**
   * A consumer of every partition of {@code topics}, from their current end, committed records
   * only. Partitions are assigned, not subscribed: no consumer group to join, so the CLI sees
   * events without a rebalance delay.
   */
  static KafkaConsumer<byte[], byte[]> fromNow(ClientEndpoints endpoints, List<String> topics) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "archiver-cli-" + UUID.randomUUID());
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            endpoints.kafka().with(props),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(
        consumer::position); // seekToEnd is lazy: fix the positions now, before the request is sent
    return consumer;
  }

  static AvroKafkaDeserializer<Object> avro(ClientEndpoints endpoints) {
    AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
    avro.configure(endpoints.registry(), false);
    return avro;
  }
}
