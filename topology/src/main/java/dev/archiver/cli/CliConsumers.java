package dev.archiver.cli;

import dev.archiver.streams.serde.ApicurioSerdeFactory;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** How the CLI reads the archiver's output: from the beginning, committed records only, decoded via the registry. */
final class CliConsumers {

  private CliConsumers() {}

  /** A throwaway consumer group reading everything committed, from the earliest offset. */
  static KafkaConsumer<byte[], byte[]> readCommitted(ClientEndpoints endpoints) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "archiver-cli-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static AvroKafkaDeserializer<Object> avro(ClientEndpoints endpoints) {
    AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
    avro.configure(ApicurioSerdeFactory.settingsFor(endpoints.registryUrl()), false);
    return avro;
  }
}
