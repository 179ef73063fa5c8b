package dev.archiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.testing.SharedArchiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /health names every part with its address; /metrics carries Kafka Streams' series and ours. */
@ExtendWith(SharedArchiver.class)
class HealthAndMetricsIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldReportEveryPartWithItsAddress() throws Exception {
    SharedArchiver.Running archiver = SharedArchiver.get();
    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode parts = new ObjectMapper().readTree(response.body()).get("parts");
    assertThat(parts.get("broker").get("address").asText())
        .isEqualTo(archiver.service().bootstrapServers());
    assertThat(parts.get("registry").get("address").asText())
        .isEqualTo(archiver.service().registryUrl());
    assertThat(parts.get("tier.filesystem").get("address").asText())
        .isEqualTo(archiver.config().filesystemTierPath().toUri().toString());
    assertThat(parts.get("streams").get("state").asText()).isIn("RUNNING", "REBALANCING");
    parts.forEach(part -> assertThat(part.get("status").asText()).isEqualTo("UP"));
    assertThat(parts.get("tier.s3").get("address").asText())
        .isEqualTo("s3://archiver/")
        .doesNotContain("embedded"); // no credentials in /health
  }

  @Test
  void shouldExposeKafkaStreamsAndArchiverSeries() throws Exception {
    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(response.body())
        .contains("kafka_stream_thread_", "archiver_runs_in_flight", "jvm_memory_used_bytes")
        .contains(
            "archiver_tier_archives{tier=\"FILESYSTEM\"}",
            "archiver_tier_archives{tier=\"S3_GLACIER\"}",
            "archiver_tier_stored_bytes{tier=\"S3_STANDARD\"}",
            "archiver_tier_free_bytes{tier=\"FILESYSTEM\"}",
            "archiver_tier_capacity_bytes{tier=\"FILESYSTEM\"}");
  }

  @Test
  void shouldAnswer404ForAnUnknownRun() throws Exception {
    assertThat(get("/api/runs/no-such-run").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path) throws Exception {
    int port = SharedArchiver.get().service().httpPort();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
