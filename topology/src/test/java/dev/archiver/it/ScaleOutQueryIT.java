package dev.archiver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.service.ArchiverService;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.StandaloneStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with one application id share the work; a run's state lives on the instance owning
 * its partition, yet either instance answers GET /api/runs/{id} (the other forwards to the owner it
 * finds by key).
 */
class ScaleOutQueryIT {

  @TempDir Path base;
  private StandaloneStack stack;
  private final List<ArchiverService> instances = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    instances.forEach(ArchiverService::close);
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldAnswerForEveryRunFromEitherInstance() throws Exception {
    stack = StandaloneStack.start(base.resolve("stack"));
    Path sources = Files.createDirectories(base.resolve("sources"));
    for (String name : List.of("a", "b")) {
      Map<String, String> values =
          new HashMap<>(stack.archiverConfig(base.resolve(name), sources, "256KiB"));
      values.put(
          ConfigKeys.TIER_FILESYSTEM_PATH.name(), base.resolve("tier").toString()); // a shared tier
      instances.add(ArchiverService.start(ArchiverConfig.defaultsWith(values)));
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> instances.stream().allMatch(i -> i.streamsState() == KafkaStreams.State.RUNNING));

    List<String> runIds = new ArrayList<>();
    try (RequestProducer producer =
        new RequestProducer(stack.bootstrapServers(), stack.registryUrl())) {
      for (int i = 0; i < 6; i++) { // six runs over two partitions: both instances own some
        String runId = "scale-" + i;
        Path run = Files.createDirectories(sources.resolve(runId));
        Files.writeString(run.resolve("data.txt"), "run " + i + "\n");
        producer.sendAvro(
            TopicNames.ARCHIVE_REQUESTS, runId, Requests.archive(runId, "file:" + run));
        runIds.add(runId);
      }
    }

    for (String runId : runIds) {
      for (ArchiverService instance : instances) {
        await("run " + runId + " via port " + instance.httpPort())
            .atMost(Duration.ofSeconds(60))
            .until(() -> "COMPLETED".equals(stage(instance, runId)));
      }
    }
    long ownedByFirst =
        runIds.stream().filter(id -> instances.get(0).localRun(id).isPresent()).count();
    assertThat(ownedByFirst).as("runs in the first instance's own store").isBetween(1L, 5L);
  }

  private String stage(ArchiverService instance, String runId) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + instance.httpPort() + "/api/runs/" + runId))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return "HTTP " + response.statusCode();
    }
    JsonNode run = new ObjectMapper().readTree(response.body());
    return run.path("stage").asText();
  }
}
