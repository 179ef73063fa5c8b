package dev.archiver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.cost.CatalogCost;
import dev.archiver.cost.PriceTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /api/cost: the catalog's bytes per tier, priced, as JSON. */
class CostApiTest {

  private static final long GB = 1L << 30;

  private HttpApi api;

  @AfterEach
  void stop() {
    api.close();
  }

  /** A catalog of the given archives, as the service's store queries sum it. */
  private static StateQueries catalog(Optional<CatalogCost> cost) {
    return new StateQueries() {
      @Override
      public Optional<Object> run(String runId) {
        return Optional.empty();
      }

      @Override
      public List<Object> restores() {
        return List.of();
      }

      @Override
      public Optional<Object> cost() {
        return cost.map(CatalogCost::view);
      }
    };
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldPriceTheCatalogsBytesPerTierWithThePriceTablesDateAndRegion() throws Exception {
    CatalogCost cost =
        new CatalogCost(PriceTable.builtIn())
            .add("FILESYSTEM", 5 * GB)
            .add("S3_STANDARD", 100 * GB)
            .add("S3_STANDARD", 100 * GB)
            .add("S3_DEEP_ARCHIVE", 2000 * GB);
    api = HttpApi.start(0, List.of(), () -> "", catalog(Optional.of(cost)));

    HttpResponse<String> response = get("/api/cost");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertThat(body.at("/prices/region").asText()).isEqualTo("us-east-1");
    assertThat(body.at("/prices/asOf").asText()).isEqualTo("2024-06-01");
    assertThat(body.at("/tiers/1/tier").asText()).isEqualTo("S3_STANDARD");
    assertThat(body.at("/tiers/1/archives").asLong()).isEqualTo(2);
    assertThat(body.at("/tiers/1/bytes").asLong()).isEqualTo(200 * GB);
    // 200 GB x 0.023
    assertThat(body.at("/tiers/1/storagePerMonth").decimalValue()).isEqualByComparingTo("4.60");
    // 2000 GB x 0.00099
    assertThat(body.at("/tiers/2/storagePerMonth").decimalValue()).isEqualByComparingTo("1.98");
    assertThat(body.at("/tiers/0/storagePerMonth").decimalValue()).isZero();
    assertThat(body.at("/tiers/0/note").asText()).contains("your own disk");
    assertThat(body.at("/total/archives").asLong()).isEqualTo(4);
    assertThat(body.at("/total/storagePerMonth").decimalValue()).isEqualByComparingTo("6.58");
  }

  @Test
  void shouldAnswer503WhileTheCatalogCannotBeRead() throws Exception {
    api = HttpApi.start(0, List.of(), () -> "", catalog(Optional.empty()));

    HttpResponse<String> response = get("/api/cost");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("catalog cannot be read yet");
  }
}
