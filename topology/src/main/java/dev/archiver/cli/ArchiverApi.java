package dev.archiver.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The archiver's REST API as the CLI calls it, with an error that says what to check when nobody
 * answers.
 */
final class ArchiverApi {

  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  ArchiverApi(String base) {
    this.base = base;
  }

  /** {@code --url} when given, else the configured HTTP address on this host. */
  static ArchiverApi of(String url, ConfigOptions options) {
    if (url != null) {
      return new ArchiverApi(url);
    }
    dev.archiver.config.ArchiverConfig config = options.load();
    return new ArchiverApi("http://" + config.httpLocalHost() + ":" + config.httpPort());
  }

  String base() {
    return base;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(
          "no archiver answers at "
              + base
              + " ("
              + e.getClass().getSimpleName()
              + "); is `archiver up` running there?",
          e);
    }
  }
}
