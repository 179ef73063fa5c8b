package dev.archiver.it;

import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.ConfluentStyleDecoder;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every request type through the real registry and broker, and our records read back as Kafka UI
 * reads them.
 */
@ExtendWith(SharedArchiver.class)
class SchemaRegistryWireFormatIT {

  @Test
  void shouldAcceptEveryRequestTypeAndWriteRecordsAConfluentStyleConsumerDecodes()
      throws Exception {
    SharedArchiver.Running archiver = SharedArchiver.get();
    String bootstrap = archiver.service().bootstrapServers();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String runId = "wire-run-" + suffix;
    Path source = Files.createDirectories(archiver.config().sourceRoots().get(0).resolve(runId));
    Path restoreTarget = archiver.config().restoreRoots().get(0).resolve(runId);

    Map<String, Object> requests =
        Map.of(
            TopicNames.ARCHIVE_REQUESTS, Requests.archive(runId, "file:" + source),
            TopicNames.INTEGRITY_REQUESTS, Requests.integrity("wire-check-" + suffix),
            TopicNames.RESTORE_REQUESTS,
                Requests.restore("wire-restore-" + suffix, runId, "file:" + restoreTarget),
            TopicNames.ADMIN_REQUESTS, Requests.admin("wire-admin-" + suffix, runId));
    try (RequestProducer producer =
            new RequestProducer(bootstrap, archiver.service().registryUrl());
        TopicReader audit = new TopicReader(bootstrap, TopicNames.AUDIT);
        TopicReader archiveRequests = new TopicReader(bootstrap, TopicNames.ARCHIVE_REQUESTS)) {
      for (Map.Entry<String, Object> request : requests.entrySet()) {
        String id =
            String.valueOf(((org.apache.avro.generic.GenericRecord) request.getValue()).get(0));
        producer.sendAvro(request.getKey(), id, request.getValue());
      }

      Set<String> expectedIds =
          Set.of(runId, "wire-check-" + suffix, "wire-restore-" + suffix, "wire-admin-" + suffix);
      ConfluentStyleDecoder kafkaUi = new ConfluentStyleDecoder(archiver.service().registryUrl());
      List<ConsumerRecord<byte[], byte[]>> accepted =
          audit.awaitAll(
              r ->
                  expectedIds.contains(key(r))
                      && decode(kafkaUi, r).get("action").toString().equals("accepted"),
              4);
      Set<String> acceptedIds =
          accepted.stream()
              .map(r -> decode(kafkaUi, r).get("subjectId").toString())
              .collect(Collectors.toSet());
      assertThat(acceptedIds).isEqualTo(expectedIds);

      ConsumerRecord<byte[], byte[]> request = archiveRequests.await(r -> runId.equals(key(r)));
      GenericRecord decoded = kafkaUi.decode(request.value());
      assertThat(decoded.getSchema().getFullName())
          .isEqualTo("dev.archiver.events.ArchiveRequested");
      assertThat(decoded.get("runId").toString()).isEqualTo(runId);
      assertThat(((GenericRecord) decoded.get("source")).get("uri").toString())
          .isEqualTo("file:" + source);
      assertThat(kafkaUi.fetchSchema(kafkaUi.schemaId(request.value())).getField("runId").doc())
          .isNotBlank();
    }
  }

  private static GenericRecord decode(
      ConfluentStyleDecoder decoder, ConsumerRecord<byte[], byte[]> record) {
    try {
      return decoder.decode(record.value());
    } catch (Exception e) {
      throw new AssertionError(
          "record on " + record.topic() + " does not decode Confluent-style", e);
    }
  }
}
