package dev.archiver.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP port: /health, /metrics, /api/runs/{id} and /api/restores. The JDK's own server is enough for a handful of
 * read-only endpoints and adds no dependency.
 */
public final class HttpApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private HttpApi(HttpServer server) {
    this.server = server;
  }

  /**
   * @param port the port, 0 for any free one
   * @param parts what /health checks
   * @param metrics the Prometheus scrape text
   * @param state what /api reads from the state stores
   */
  public static HttpApi start(int port, List<HealthPart> parts, Supplier<String> metrics, StateQueries state) throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (java.net.BindException e) {
      throw new IOException(
          "HTTP port " + port + " is already in use; fix: pass --http-port N (or set http.port / ARCHIVER_HTTP_PORT; 0 picks a free port)", e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "archiver-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/health", exchange -> {
      HealthReport report = HealthReport.of(parts);
      sendJson(exchange, report.ready() ? 200 : 503, report.toJson());
    });
    server.createContext("/metrics", exchange -> send(exchange, 200, PROMETHEUS_TYPE, metrics.get()));
    server.createContext("/api/runs/", exchange -> {
      String id = URLDecoder.decode(exchange.getRequestURI().getRawPath().substring("/api/runs/".length()), StandardCharsets.UTF_8);
      boolean local = "local=true".equals(exchange.getRequestURI().getRawQuery());
      Optional<Object> run = id.isEmpty() ? Optional.empty() : local ? state.localRun(id) : state.run(id);
      if (run.isPresent()) {
        sendJson(exchange, 200, run.get());
      } else {
        sendJson(exchange, 404, Map.of("error", "no run '" + id + "' is known to this archiver"));
      }
    });
    server.createContext("/api/restores", exchange -> {
      String path = exchange.getRequestURI().getRawPath();
      String id = path.length() > "/api/restores/".length() ? URLDecoder.decode(path.substring("/api/restores/".length()), StandardCharsets.UTF_8) : "";
      if (id.isEmpty()) {
        sendJson(exchange, 200, state.restores());
        return;
      }
      Optional<Object> restore = state.restore(id);
      if (restore.isPresent()) {
        sendJson(exchange, 200, restore.get());
      } else {
        sendJson(exchange, 404, Map.of("error", "no restore '" + id + "' is known to this archiver"));
      }
    });
    server.start();
    LOG.info("event=http_started port={}", server.getAddress().getPort());
    return new HttpApi(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsString(body));
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(1);
  }
}
