package dev.archiver.cli;

import dev.archiver.streams.serde.ApicurioSerdeFactory;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** How the CLI reads the archiver's output: from the beginning, committed records only, decoded via the registry. */
final class CliConsumers {

  private CliConsumers() {}

  /**
   * A consumer of every partition of {@code topics}, from the beginning, committed records only. Partitions are
   * assigned, not subscribed: no consumer group to join, so the CLI sees events without a rebalance delay.
   */
  static KafkaConsumer<byte[], byte[]> readCommitted(ClientEndpoints endpoints, List<String> topics) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "archiver-cli-" + UUID.randomUUID());
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  static AvroKafkaDeserializer<Object> avro(ClientEndpoints endpoints) {
    AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
    avro.configure(ApicurioSerdeFactory.settingsFor(endpoints.registryUrl()), false);
    return avro;
  }
}
