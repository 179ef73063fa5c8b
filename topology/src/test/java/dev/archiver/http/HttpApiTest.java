package dev.archiver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.http.HealthPart.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpApiTest {

  private HttpApi api;
  private final AtomicBoolean registryUp = new AtomicBoolean(true);

  @AfterEach
  void stop() {
    api.close();
  }

  private JsonNode health(int expectedStatus) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(expectedStatus);
    return new ObjectMapper().readTree(response.body());
  }

  @Test
  void shouldAnswer503NamingThePartThatIsDownAndRecoverWhenItIsBack() throws Exception {
    List<HealthPart> parts =
        List.of(
            new HealthPart("broker", "localhost:9092", () -> Status.up("1 broker(s)")),
            new HealthPart(
                "registry",
                "http://localhost:8081/apis/registry/v3",
                () -> registryUp.get() ? Status.up("answering") : Status.down("HTTP 500")),
            new HealthPart(
                "tier.filesystem",
                "file:///data/tier/",
                () -> {
                  throw new IllegalStateException("disk gone");
                }));
    api = HttpApi.start(0, parts, () -> "", new NoState());

    JsonNode report = health(503);
    assertThat(report.get("status").asText()).isEqualTo("DOWN");
    assertThat(report.at("/parts/broker/status").asText()).isEqualTo("UP");
    assertThat(report.at("/parts/tier.filesystem/status").asText()).isEqualTo("DOWN");
    assertThat(report.at("/parts/tier.filesystem/state").asText()).contains("disk gone");
    assertThat(report.at("/parts/registry/address").asText())
        .isEqualTo("http://localhost:8081/apis/registry/v3");
  }

  @Test
  void shouldAnswer200WhenEveryPartIsUp() throws Exception {
    api =
        HttpApi.start(
            0,
            List.of(
                new HealthPart(
                    "registry",
                    "r",
                    () -> registryUp.get() ? Status.up("answering") : Status.down("HTTP 500"))),
            () -> "",
            new NoState());
    registryUp.set(false);
    health(503);

    registryUp.set(true);

    assertThat(health(200).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void shouldServeOneRestoreWithItsLiveProgressAnd404ForAnUnknownOne() throws Exception {
    StateQueries oneRestore =
        new NoState() {
          @Override
          public Optional<Object> restore(String restoreId) {
            return restoreId.equals("restore 1")
                ? Optional.of(java.util.Map.of("restore", java.util.Map.of("status", "RESTORING")))
                : Optional.empty();
          }
        };
    api = HttpApi.start(0, List.of(), () -> "", oneRestore);
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> known =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + api.port() + "/api/restores/restore%201"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + api.port() + "/api/restores/nope"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(known.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(known.body()).at("/restore/status").asText())
        .isEqualTo("RESTORING");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void shouldNameTheFixWhenThePortIsTaken() throws Exception {
    api = HttpApi.start(0, List.of(), () -> "", new NoState());

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HttpApi.start(api.port(), List.of(), () -> "", new NoState()))
        .hasMessageContaining("HTTP port " + api.port() + " is already in use")
        .hasMessageContaining("--http-port");
  }

  @Test
  void shouldListenOnLoopbackByDefaultAndOnEveryInterfaceWhenAskedTo() throws Exception {
    dev.archiver.config.ArchiverConfig defaults =
        dev.archiver.config.ArchiverConfig.defaultsWith(java.util.Map.of("http.port", "0"));
    api =
        HttpApi.start(
            new HttpApi.Binding(defaults.httpHost(), defaults.httpPort(), defaults.httpToken()),
            List.of(),
            () -> "",
            new NoState());
    assertThat(api.address().getAddress().isLoopbackAddress())
        .as("default bind %s", api.address())
        .isTrue();
    api.close();

    api =
        HttpApi.start(
            new HttpApi.Binding("0.0.0.0", 0, Optional.empty()),
            List.of(),
            () -> "",
            new NoState());
    assertThat(api.address().getAddress().isAnyLocalAddress())
        .as("bind %s", api.address())
        .isTrue();
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldNameHttpHostWhenItIsNotAnAddressOfThisMachine() throws Exception {
    api = HttpApi.start(0, List.of(), () -> "", new NoState());

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                HttpApi.start(
                    new HttpApi.Binding("no-such-host.invalid", 0, Optional.empty()),
                    List.of(),
                    () -> "",
                    new NoState()))
        .hasMessageContaining("http.host 'no-such-host.invalid'")
        .hasMessageContaining("fix: set http.host (or ARCHIVER_HTTP_HOST)");
  }

  @Test
  void shouldAskWritesForTheBearerTokenAndLeaveReadsOpen() throws Exception {
    api =
        HttpApi.start(
            new HttpApi.Binding("127.0.0.1", 0, Optional.of("s3cret-token-0123456789")),
            List.of(),
            () -> "",
            new NoState());

    HttpResponse<String> anonymous = post("/api/runs/run-1", null);
    HttpResponse<String> wrong = post("/api/runs/run-1", "Bearer s3cret-token-0123456780");
    HttpResponse<String> otherScheme =
        post("/api/runs/run-1", "Basic czNjcmV0LXRva2VuLTAxMjM0NTY3ODk=");
    HttpResponse<String> right = post("/api/runs/run-1", "Bearer s3cret-token-0123456789");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"archiver\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(otherScheme.statusCode()).isEqualTo(401);
    // Past the guard: the endpoint itself answers, and it only reads.
    assertThat(right.statusCode()).isEqualTo(405);
    assertThat(right.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(get("/api/runs/run-1").statusCode()).isEqualTo(404);
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRefuseEveryWriteWhenNoTokenIsConfigured() throws Exception {
    api = HttpApi.start(0, List.of(), () -> "", new NoState());

    HttpResponse<String> write = post("/api/restores", "Bearer anything-at-all-0123456789");

    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.body()).contains("set http.token (or ARCHIVER_HTTP_TOKEN)");
    assertThat(get("/api/restores").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString("{}"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static class NoState implements StateQueries {
    @Override
    public Optional<Object> run(String runId) {
      return Optional.empty();
    }

    @Override
    public List<Object> restores() {
      return List.of();
    }
  }
}
