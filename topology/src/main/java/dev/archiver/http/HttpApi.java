package dev.archiver.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
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
 * The one HTTP port: /health, /metrics, /api/runs/{id}, /api/restores and /api/cost. The JDK's own
 * server is enough for a handful of read-only endpoints and adds no dependency. It listens on
 * http.host (loopback unless configured otherwise); reads are open, and every other method passes
 * the {@link WriteGuard} first.
 */
public final class HttpApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private HttpApi(HttpServer server) {
    this.server = server;
  }

  /**
   * Where the API listens and what writes need.
   *
   * @param host address to bind (http.host)
   * @param port the port, 0 for any free one
   * @param token the bearer token writes must carry (http.token); empty refuses every write
   */
  public record Binding(String host, int port, Optional<String> token) {
    /** Loopback, no writes: what a test or a local tool needs. */
    public static Binding loopback(int port) {
      return new Binding("127.0.0.1", port, Optional.empty());
    }
  }

  /** {@link #start(Binding, List, Supplier, StateQueries)} on loopback, with writes refused. */
  public static HttpApi start(
      int port, List<HealthPart> parts, Supplier<String> metrics, StateQueries state)
      throws IOException {
    return start(Binding.loopback(port), parts, metrics, state);
  }

  /**
   * Starts serving /health, /metrics and /api.
   *
   * @param binding address, port and write token
   * @param parts what /health checks
   * @param metrics the Prometheus scrape text
   * @param state what /api reads from the state stores
   */
  public static HttpApi start(
      Binding binding, List<HealthPart> parts, Supplier<String> metrics, StateQueries state)
      throws IOException {
    HttpServer server = bind(binding);
    WriteGuard guard = new WriteGuard(binding.token());
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "archiver-http");
              t.setDaemon(true);
              return t;
            }));
    read(
        server,
        guard,
        "/health",
        exchange -> {
          HealthReport report = HealthReport.of(parts);
          sendJson(exchange, report.ready() ? 200 : 503, report.toJson());
        });
    read(
        server, guard, "/metrics", exchange -> send(exchange, 200, PROMETHEUS_TYPE, metrics.get()));
    read(
        server,
        guard,
        "/api/runs/",
        exchange -> {
          String id =
              URLDecoder.decode(
                  exchange.getRequestURI().getRawPath().substring("/api/runs/".length()),
                  StandardCharsets.UTF_8);
          boolean local = "local=true".equals(exchange.getRequestURI().getRawQuery());
          Optional<Object> run =
              id.isEmpty() ? Optional.empty() : local ? state.localRun(id) : state.run(id);
          if (run.isPresent()) {
            sendJson(exchange, 200, run.get());
          } else {
            sendJson(
                exchange, 404, Map.of("error", "no run '" + id + "' is known to this archiver"));
          }
        });
    read(
        server,
        guard,
        "/api/restores",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          String id =
              path.length() > "/api/restores/".length()
                  ? URLDecoder.decode(
                      path.substring("/api/restores/".length()), StandardCharsets.UTF_8)
                  : "";
          if (id.isEmpty()) {
            sendJson(exchange, 200, state.restores());
            return;
          }
          Optional<Object> restore = state.restore(id);
          if (restore.isPresent()) {
            sendJson(exchange, 200, restore.get());
          } else {
            sendJson(
                exchange,
                404,
                Map.of("error", "no restore '" + id + "' is known to this archiver"));
          }
        });
    read(
        server,
        guard,
        "/api/cost",
        exchange -> {
          Optional<Object> cost = state.cost();
          if (cost.isPresent()) {
            sendJson(exchange, 200, cost.get());
          } else {
            sendJson(
                exchange,
                503,
                Map.of(
                    "error",
                    "the archive catalog cannot be read yet (Kafka Streams is not running); try again"));
          }
        });
    server.start();
    LOG.info(
        "event=http_started host={} port={} writes={}",
        binding.host(),
        server.getAddress().getPort(),
        binding.token().isPresent() ? "bearer-token" : "refused");
    return new HttpApi(server);
  }

  private static HttpServer bind(Binding binding) throws IOException {
    InetSocketAddress address = new InetSocketAddress(binding.host(), binding.port());
    if (address.isUnresolved()) {
      throw new IOException(
          "http.host '"
              + binding.host()
              + "' is not an address of this machine; fix: set http.host (or ARCHIVER_HTTP_HOST) to"
              + " 127.0.0.1 for this machine only, 0.0.0.0 for every interface, or one of this machine's addresses");
    }
    try {
      return HttpServer.create(address, 0);
    } catch (java.net.BindException e) {
      // The JDK says which of the two it is only in the message: "Address already in use" or
      // "Cannot assign ...".
      if (String.valueOf(e.getMessage()).contains("in use")) {
        throw new IOException(
            "HTTP port "
                + binding.port()
                + " is already in use; fix: pass --http-port N (or set http.port / ARCHIVER_HTTP_PORT; 0 picks a free port)",
            e);
      }
      throw new IOException(
          "cannot listen on "
              + binding.host()
              + ":"
              + binding.port()
              + " ("
              + e.getMessage()
              + "); fix: set http.host (or"
              + " ARCHIVER_HTTP_HOST) to 127.0.0.1, 0.0.0.0 or one of this machine's addresses",
          e);
    }
  }

  /** A read-only endpoint: GET and HEAD are served; any other method meets the guard, then 405. */
  private static void read(HttpServer server, WriteGuard guard, String path, HttpHandler handler) {
    server
        .createContext(
            path,
            exchange -> {
              String method = exchange.getRequestMethod();
              if (method.equals("GET") || method.equals("HEAD")) {
                handler.handle(exchange);
              } else {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendJson(
                    exchange,
                    405,
                    Map.of("error", path + " is read-only: " + method + " is not served"));
              }
            })
        .getFilters()
        .add(guard);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The address it listens on. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsString(body));
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
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
