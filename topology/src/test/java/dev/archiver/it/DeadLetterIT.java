package dev.archiver.it;

import static dev.archiver.testing.TopicReader.header;
import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.StorageTier;
import dev.archiver.streams.intake.DeadLetter;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed and unsafe requests on the real broker and registry: each is dead-lettered, and the app
 * stays healthy.
 */
@ExtendWith(SharedArchiver.class)
class DeadLetterIT {

  @Test
  void shouldDeadLetterMalformedAndUnsafeRequestsWithReadableReasonsAndStayHealthy()
      throws Exception {
    SharedArchiver.Running archiver = SharedArchiver.get();
    String bootstrap = archiver.service().bootstrapServers();
    String s = UUID.randomUUID().toString().substring(0, 8);
    Path root = archiver.config().sourceRoots().get(0);
    byte[] randomBytes = new byte[100];
    new Random(1).nextBytes(randomBytes);

    Map<String, ReasonCode> expected = new LinkedHashMap<>();
    try (RequestProducer producer =
            new RequestProducer(bootstrap, archiver.service().registryUrl());
        TopicReader dlq = new TopicReader(bootstrap, TopicNames.DLQ)) {
      producer.sendRaw(TopicNames.ARCHIVE_REQUESTS, "random-" + s, randomBytes);
      expected.put("random-" + s, ReasonCode.MALFORMED_RECORD);

      producer.sendAvro(TopicNames.ARCHIVE_REQUESTS, "wrong-" + s, completed("wrong-" + s));
      expected.put("wrong-" + s, ReasonCode.WRONG_EVENT_TYPE);

      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS, "nosource-" + s, withoutSource("nosource-" + s));
      expected.put("nosource-" + s, ReasonCode.MISSING_FIELD);

      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS,
          "escape-" + s,
          Requests.archive("escape-" + s, "file:" + root + "/../../etc"));
      expected.put("escape-" + s, ReasonCode.PATH_OUTSIDE_ROOTS);

      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS, "emptyid-" + s, Requests.archive("", "file:" + root));
      expected.put("emptyid-" + s, ReasonCode.MISSING_FIELD);

      byte[] unknownId = {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6};
      producer.sendRaw(TopicNames.ARCHIVE_REQUESTS, "unknownid-" + s, unknownId);
      expected.put("unknownid-" + s, ReasonCode.UNKNOWN_SCHEMA);

      var dead = dlq.awaitAll(r -> expected.containsKey(key(r)), expected.size());
      Map<String, String> reasons = new LinkedHashMap<>();
      for (ConsumerRecord<byte[], byte[]> record : dead) {
        reasons.put(key(record), header(record, DeadLetter.REASON));
        assertThat(header(record, DeadLetter.MESSAGE))
            .as("readable reason for %s", key(record))
            .isNotBlank();
        assertThat(header(record, DeadLetter.SOURCE_TOPIC)).isEqualTo(TopicNames.ARCHIVE_REQUESTS);
      }
      expected.forEach((k, reason) -> assertThat(reasons).containsEntry(k, reason.name()));
      assertThat(
              dead.stream()
                  .filter(r -> key(r).equals("random-" + s))
                  .findFirst()
                  .orElseThrow()
                  .value())
          .as("original bytes kept")
          .isEqualTo(randomBytes);
    }

    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + archiver.service().httpPort() + "/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(
            archiver
                .service()
                .metrics()
                .count("archiver.dead.letters", "topic", TopicNames.ARCHIVE_REQUESTS))
        .isGreaterThanOrEqualTo(expected.size());
  }

  private static ArchiveCompleted completed(String runId) {
    return ArchiveCompleted.newBuilder()
        .setRunId(runId)
        .setArchiveId("a")
        .setTier(StorageTier.FILESYSTEM)
        .setLocation("x")
        .setChunkCount(1)
        .setBytesIn(1)
        .setBytesOut(1)
        .setRecords(1)
        .setManifestSha256("00")
        .setStartedAt(Instant.EPOCH)
        .setCompletedAt(Instant.EPOCH)
        .build();
  }

  /** What an out-of-date producer might send: an ArchiveRequested without its source. */
  private static GenericRecord withoutSource(String runId) {
    Schema full = ArchiveRequested.getClassSchema();
    Schema schema =
        SchemaBuilder.record(full.getName())
            .namespace(full.getNamespace())
            .fields()
            .requiredString("runId")
            .name("target")
            .type(full.getField("target").schema())
            .noDefault()
            .name("requestedAt")
            .type(full.getField("requestedAt").schema())
            .noDefault()
            .endRecord();
    GenericRecord record = new GenericData.Record(schema);
    record.put("runId", runId);
    GenericRecord target = new GenericData.Record(full.getField("target").schema());
    target.put("tier", new GenericData.EnumSymbol(StorageTier.getClassSchema(), "FILESYSTEM"));
    target.put("prefix", null);
    record.put("target", target);
    record.put("requestedAt", 0L);
    return record;
  }
}
