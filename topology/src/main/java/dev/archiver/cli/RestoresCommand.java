package dev.archiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the restore queue (GET /api/restores). */
@Command(
    name = "restores",
    mixinStandardHelpOptions = true,
    description = "List restores: pending, restoring, available (with expiry), expired, failed.")
final class RestoresCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @Option(names = "--json", description = "Print the queue as JSON.")
  boolean json;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "Base URL of the archiver's HTTP port. Default: http://<http.host>:<http.port> (localhost when it listens on loopback or every interface).")
  String url;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String body = ArchiverApi.of(url, options).get("/api/restores").body();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(body);
    } else {
      JsonNode restores = new ObjectMapper().readTree(body);
      out.printf("%-44s %-10s %-40s %s%n", "RESTORE", "STATUS", "TARGET", "EXPIRES");
      for (JsonNode r : restores) {
        long expires = r.path("expiresAt").asLong();
        out.printf(
            "%-44s %-10s %-40s %s%n",
            r.path("restoreId").asText(),
            r.path("status").asText(),
            r.path("target").asText(),
            expires == 0 ? "-" : Instant.ofEpochMilli(expires).toString());
      }
    }
    out.flush();
    return 0;
  }
}
