package dev.archiver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SampleTrees;
import dev.archiver.testing.SharedArchiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /api/cost on the running service reads the global archive catalog and prices it. */
@ExtendWith(SharedArchiver.class)
class CostApiIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldPriceTheArchivesTheCatalogHoldsPerTier() throws Exception {
    SharedArchiver.Running archiver = SharedArchiver.get();
    String runId = "cost-" + UUID.randomUUID().toString().substring(0, 8);
    SampleTrees.mixed(archiver.config().sourceRoots().get(0).resolve(runId));
    // Streams may still be starting: /api/cost answers 503 until the catalog can be read.
    long before =
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(this::filesystemArchives, n -> true);

    try (RequestProducer producer =
        new RequestProducer(
            archiver.service().bootstrapServers(), archiver.service().registryUrl())) {
      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS,
          runId,
          Requests.archive(runId, "file:" + archiver.config().sourceRoots().get(0).resolve(runId)));
    }

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(this::filesystemArchives, n -> n > before);
    JsonNode cost = cost();
    assertThat(cost.at("/prices/region").asText()).isEqualTo("us-east-1");
    assertThat(cost.at("/prices/asOf").asText()).isNotEmpty();
    JsonNode filesystem = tier(cost, "FILESYSTEM");
    assertThat(filesystem.get("bytes").asLong()).isPositive();
    assertThat(filesystem.get("storagePerMonth").decimalValue()).isZero();
    assertThat(filesystem.get("note").asText()).contains("your own disk");
  }

  private long filesystemArchives() throws Exception {
    JsonNode filesystem = tier(cost(), "FILESYSTEM");
    return filesystem == null ? 0 : filesystem.get("archives").asLong();
  }

  private JsonNode cost() throws Exception {
    int port = SharedArchiver.get().service().httpPort();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/cost")).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET /api/cost: " + response.statusCode() + " " + response.body());
    }
    return new ObjectMapper().readTree(response.body());
  }

  private static JsonNode tier(JsonNode cost, String name) {
    for (JsonNode tier : cost.get("tiers")) {
      if (tier.get("tier").asText().equals(name)) {
        return tier;
      }
    }
    return null;
  }
}
