package dev.archiver.it;

import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.embedded.EmbeddedKafkaBroker;
import dev.archiver.embedded.EmbeddedSchemaRegistry;
import dev.archiver.embedded.FreePorts;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.service.ArchiverService;
import dev.archiver.streams.serde.ApicurioSerdeFactory;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SourceTree;
import dev.archiver.testing.TopicReader;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real schema registry stops while a request in a schema the archiver has not decoded yet
 * arrives: the request is consumed and waits, nothing is dead-lettered, and it is archived once the
 * registry is started again.
 */
class RegistryOutageIT {

  @TempDir Path dir;

  @Test
  void shouldHoldARequestWhileTheRegistryIsDownAndArchiveItWhenItIsBack() throws Exception {
    int kafkaPort = FreePorts.nextPair();
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker(dir.resolve("kafka"), kafkaPort, kafkaPort + 1);
    EmbeddedSchemaRegistry registry =
        new EmbeddedSchemaRegistry(
            Path.of(System.getProperty("archiver.apicurio.home")),
            dir.resolve("registry"),
            FreePorts.next());
    broker.start();
    registry.start();
    Path sources = dir.resolve("sources");
    Map<String, String> values = new HashMap<>();
    values.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), broker.bootstrapServers());
    values.put(ConfigKeys.REGISTRY_URL.name(), registry.url());
    values.put(ConfigKeys.DATA_DIR.name(), dir.resolve("data").toString());
    values.put(ConfigKeys.SOURCE_ROOTS.name(), sources.toString());
    values.put(ConfigKeys.HTTP_PORT.name(), "0");
    values.put(ConfigKeys.STREAM_THREADS.name(), "1");
    values.put(ConfigKeys.TOPIC_PARTITIONS.name(), "1");
    ArchiverConfig config = ArchiverConfig.defaultsWith(values);
    try (ArchiverService service = ArchiverService.start(config);
        RequestProducer producer = new RequestProducer(broker.bootstrapServers(), registry.url());
        TopicReader completed =
            new TopicReader(broker.bootstrapServers(), TopicNames.ARCHIVE_COMPLETED)) {
      Path before = tree(sources, "before");
      Path during = tree(sources, "during");
      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS, "before", Requests.archive("before", "file:" + before));
      completed.await(r -> "before".equals(key(r)), Duration.ofSeconds(90));
      // A newer producer's schema, registered while the registry is up: a content id the archiver
      // has never looked
      // up, so decoding it needs the registry.
      byte[] newer =
          serializedWhileUp(registry.url(), Requests.archive("during", "file:" + during));

      registry.close();
      RecordMetadata sent = producer.sendRaw(TopicNames.ARCHIVE_REQUESTS, "during", newer);
      awaitConsumed(broker.bootstrapServers(), config.applicationId(), sent);

      assertThat(deadLetters(broker.bootstrapServers()))
          .as("an outage is not the request's fault")
          .isEmpty();
      assertThat(TopicReader.readToEnd(broker.bootstrapServers(), TopicNames.ARCHIVE_FAILED))
          .isEmpty();

      registry.start();
      completed.await(r -> "during".equals(key(r)), Duration.ofMinutes(2));
      assertThat(deadLetters(broker.bootstrapServers())).isEmpty();
    } finally {
      registry.close();
      broker.close();
    }
  }

  private static Path tree(Path sources, String name) throws Exception {
    SourceTree tree = new SourceTree(sources.resolve(name), 3);
    tree.text("a.txt", "content of " + name + "\n", "rw-r--r--");
    return tree.finish().root();
  }

  private static byte[] serializedWhileUp(String registryUrl, ArchiveRequested request)
      throws Exception {
    try (AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>()) {
      serializer.configure(ApicurioSerdeFactory.settingsFor(registryUrl), false);
      return serializer.serialize(TopicNames.ARCHIVE_REQUESTS, withExtraField(request));
    }
  }

  /** The request in a newer producer's schema: one optional field more. */
  private static GenericRecord withExtraField(ArchiveRequested request) throws Exception {
    Schema reader = ArchiveRequested.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    reader.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(
        new Schema.Field(
            "producerNote",
            Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
            "added by a newer producer",
            Schema.Field.NULL_DEFAULT_VALUE));
    Schema writer =
        Schema.createRecord(
            reader.getName(), reader.getDoc(), reader.getNamespace(), false, fields);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    JsonEncoder encoder = EncoderFactory.get().jsonEncoder(reader, json);
    new SpecificDatumWriter<>(ArchiveRequested.class).write(request, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(reader, writer)
        .read(
            null, DecoderFactory.get().jsonDecoder(reader, json.toString(StandardCharsets.UTF_8)));
  }

  /**
   * Until the archiver's consumer group has committed past the record: it was read and handled
   * (here: parked).
   */
  private static void awaitConsumed(String bootstrap, String groupId, RecordMetadata sent) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                OffsetAndMetadata committed =
                    admin
                        .listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > sent.offset();
              });
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String bootstrap) {
    return TopicReader.readToEnd(bootstrap, TopicNames.DLQ);
  }
}
