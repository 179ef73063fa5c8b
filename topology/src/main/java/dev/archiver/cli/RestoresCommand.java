package dev.archiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the restore queue (GET /api/restores). */
@Command(name = "restores", mixinStandardHelpOptions = true, description = "List restores: pending, restoring, available (with expiry), expired, failed.")
final class RestoresCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @Option(names = "--json", description = "Print the queue as JSON.")
  boolean json;

  @Option(names = "--url", paramLabel = "URL", description = "Base URL of the archiver's HTTP port. Default: http://localhost:<http.port>.")
  String url;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String base = url != null ? url : "http://localhost:" + options.load().httpPort();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/restores")).timeout(Duration.ofSeconds(10)).build();
    String body;
    try {
      body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IOException("no archiver answers at " + base + " (" + e.getClass().getSimpleName() + "); is `archiver up` running there?", e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(body);
    } else {
      JsonNode restores = new ObjectMapper().readTree(body);
      out.printf("%-44s %-10s %-40s %s%n", "RESTORE", "STATUS", "TARGET", "EXPIRES");
      for (JsonNode r : restores) {
        long expires = r.path("expiresAt").asLong();
        out.printf("%-44s %-10s %-40s %s%n", r.path("restoreId").asText(), r.path("status").asText(), r.path("target").asText(),
            expires == 0 ? "-" : Instant.ofEpochMilli(expires).toString());
      }
    }
    out.flush();
    return 0;
  }
}
