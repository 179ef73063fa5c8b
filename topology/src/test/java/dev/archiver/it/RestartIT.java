package dev.archiver.it;

import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.embedded.FreePorts;
import dev.archiver.service.ArchiverService;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.ConfluentStyleDecoder;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default keeps its topics, their data, schema ids and run state across a restart. */
class RestartIT {

  @TempDir Path dataDir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldKeepTopicsDataSchemaIdsAndRunStateAcrossARestart() throws Exception {
    ArchiverConfig config = ArchiverConfig.defaultsWith(fixedPorts(dataDir));
    Path source = Files.createDirectories(config.sourceRoots().get(0).resolve("restart-1"));
    int schemaId;

    try (ArchiverService first = start(config)) {
      try (RequestProducer producer =
              new RequestProducer(first.bootstrapServers(), first.registryUrl());
          TopicReader requests =
              new TopicReader(first.bootstrapServers(), TopicNames.ARCHIVE_REQUESTS)) {
        producer.sendAvro(
            TopicNames.ARCHIVE_REQUESTS,
            "restart-1",
            Requests.archive("restart-1", "file:" + source));
        schemaId =
            new ConfluentStyleDecoder(first.registryUrl())
                .schemaId(requests.await(r -> "restart-1".equals(key(r))).value());
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> first.run("restart-1").isPresent());
    }

    try (ArchiverService second = start(config)) {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get())
            .containsAll(
                Set.of(
                    TopicNames.ARCHIVE_REQUESTS,
                    TopicNames.AUDIT,
                    TopicNames.DLQ,
                    TopicNames.RUN_PROGRESS));
      }
      try (TopicReader requests =
              new TopicReader(second.bootstrapServers(), TopicNames.ARCHIVE_REQUESTS);
          TopicReader audit = new TopicReader(second.bootstrapServers(), TopicNames.AUDIT);
          RequestProducer producer =
              new RequestProducer(second.bootstrapServers(), second.registryUrl())) {
        ConsumerRecord<byte[], byte[]> old = requests.await(r -> "restart-1".equals(key(r)));
        ConfluentStyleDecoder decoder = new ConfluentStyleDecoder(second.registryUrl());
        assertThat(decoder.schemaId(old.value())).isEqualTo(schemaId);
        assertThat(decoder.decode(old.value()).get("runId").toString())
            .as("same id, same schema after restart")
            .isEqualTo("restart-1");

        await().atMost(Duration.ofSeconds(60)).until(() -> second.run("restart-1").isPresent());
        producer.sendAvro(
            TopicNames.ARCHIVE_REQUESTS,
            "restart-1",
            Requests.archive("restart-1", "file:" + source));
        ConsumerRecord<byte[], byte[]> duplicate =
            audit.await(
                r ->
                    "restart-1".equals(key(r))
                        && (decode(decoder, r).contains("repeat-answered")
                            || decode(decoder, r).contains("duplicate-joined")));
        assertThat(duplicate).isNotNull();
      }
    }
  }

  /**
   * Starts the archiver and waits, as an operator would, for /health to answer 200 (within a
   * minute).
   */
  private ArchiverService start(ArchiverConfig config) throws Exception {
    ArchiverService service = ArchiverService.start(config);
    URI health = URI.create("http://localhost:" + service.httpPort() + "/health");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(health).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    return service;
  }

  private static String decode(
      ConfluentStyleDecoder decoder, ConsumerRecord<byte[], byte[]> record) {
    try {
      return decoder.decode(record.value()).toString();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Ports chosen once, so the second start finds the broker and registry where the first left them.
   */
  private static Map<String, String> fixedPorts(Path dataDir) {
    Map<String, String> values =
        new java.util.HashMap<>(SharedArchiver.embeddedOnFreePorts(dataDir));
    values.put(ConfigKeys.EMBEDDED_KAFKA_PORT.name(), Integer.toString(FreePorts.nextPair()));
    values.put(ConfigKeys.EMBEDDED_REGISTRY_PORT.name(), Integer.toString(FreePorts.next()));
    return values;
  }
}
