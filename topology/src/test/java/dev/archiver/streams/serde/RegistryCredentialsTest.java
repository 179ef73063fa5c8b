package dev.archiver.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.archiver.config.ArchiverConfig;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * registry.client.* reaches the registry on the wire: the serde's requests carry the configured
 * basic-auth credentials. The endpoint only records what it is sent and refuses it; an Apicurio
 * server with authentication needs an OIDC provider, which cannot run here.
 */
class RegistryCredentialsTest {

  private HttpServer registry;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startARegistryThatRefusesEveryone() throws Exception {
    registry =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    registry.createContext(
        "/",
        exchange -> {
          authorizations.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          byte[] body =
              "{\"error_code\":401,\"message\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    registry.start();
  }

  @AfterEach
  void stop() {
    registry.stop(0);
  }

  @Test
  void shouldSendTheConfiguredCredentialsWithEveryRegistryCall() {
    String url = "http://127.0.0.1:" + registry.getAddress().getPort() + "/apis/registry/v3";
    ArchiverConfig config =
        ArchiverConfig.defaultsWith(
            Map.of(
                "kafka.bootstrap.servers", "broker:9093",
                "registry.url", url,
                "registry.client.auth.username", "archiver",
                "registry.client.auth.password", "reg-pw-1234",
                "registry.client.retry-count", "1"));
    Serializer<IntegrityCheckRequested> serializer =
        new ApicurioSerdeFactory(
                ApicurioSerdeFactory.settingsFor(
                    config.registryUrl().orElseThrow(), config.registryClientSettings()))
            .valueSerde(IntegrityCheckRequested.class)
            .serializer();
    IntegrityCheckRequested request =
        IntegrityCheckRequested.newBuilder()
            .setCheckId("c-1")
            .setScope(IntegrityScope.ALL)
            .setRequestedBy("test")
            .setRequestedAt(Instant.now())
            .build();

    assertThatThrownBy(() -> serializer.serialize("archiver.integrity.requests", request))
        .isNotNull();

    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("archiver:reg-pw-1234".getBytes(StandardCharsets.UTF_8));
    assertThat(authorizations).isNotEmpty().allMatch(expected::equals);
  }
}
