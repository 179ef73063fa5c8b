package dev.archiver.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Lets reads through and asks every other method for the bearer token from http.token; without a
 * configured token no write is accepted at all. Sits in front of every endpoint, so a write
 * endpoint added later is guarded from its first line, on loopback as on the network.
 */
final class WriteGuard extends Filter {

  private static final String SCHEME = "Bearer ";

  private final Optional<byte[]> token;

  WriteGuard(Optional<String> token) {
    this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      chain.doFilter(exchange);
      return;
    }
    if (token.isEmpty()) {
      HttpApi.sendJson(
          exchange,
          403,
          Map.of(
              "error",
              "writes are turned off on this archiver; fix: set http.token (or ARCHIVER_HTTP_TOKEN) and send it as 'Authorization: Bearer <token>'"));
      return;
    }
    if (!presented(exchange)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"archiver\"");
      HttpApi.sendJson(
          exchange, 401, Map.of("error", method + " needs 'Authorization: Bearer <http.token>'"));
      return;
    }
    chain.doFilter(exchange);
  }

  private boolean presented(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    byte[] given = header.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
    // Compares in time independent of where the first difference is, so the token cannot be guessed
    // byte by byte.
    return MessageDigest.isEqual(given, token.get());
  }

  @Override
  public String description() {
    return "bearer token for every method but GET and HEAD";
  }
}
