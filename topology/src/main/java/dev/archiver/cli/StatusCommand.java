package dev.archiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a run's state from the run-state store, over the archiver's REST API. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a run's state (GET /api/runs/{id}).")
final class StatusCommand implements Callable<Integer> {

  static final int NOT_FOUND = 3;

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @Parameters(paramLabel = "RUN_ID")
  String runId;

  @Option(names = "--json", description = "Print the state as JSON.")
  boolean json;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "Base URL of the archiver's HTTP port. Default: http://<http.host>:<http.port> (localhost when it listens on loopback or every interface).")
  String url;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ArchiverApi api = ArchiverApi.of(url, options);
    HttpResponse<String> response =
        api.get("/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8));
    PrintWriter out = spec.commandLine().getOut();
    if (response.statusCode() == 404) {
      spec.commandLine()
          .getErr()
          .println("no run '" + runId + "' is known to the archiver at " + api.base());
      return NOT_FOUND;
    }
    if (json) {
      out.println(response.body());
    } else {
      printHuman(out, new ObjectMapper().readTree(response.body()));
    }
    out.flush();
    return 0;
  }

  private static void printHuman(PrintWriter out, JsonNode run) {
    out.printf("run        %s%n", run.path("runId").asText());
    out.printf("stage      %s%n", run.path("stage").asText());
    out.printf("archive    %s%n", run.path("archiveId").asText());
    out.printf("source     %s%n", run.path("sourceUri").asText());
    out.printf(
        "tier       %s%s%n",
        run.path("tier").asText(), run.path("dryRun").asBoolean() ? " (dry run)" : "");
    out.printf(
        "chunks     %d/%d%n", run.path("chunksDone").asInt(), run.path("chunksPlanned").asInt());
    out.printf(
        "bytes      %s/%s in, %s stored%n",
        ProgressBar.bytes(run.path("bytesDone").asLong()),
        ProgressBar.bytes(run.path("bytesPlanned").asLong()),
        ProgressBar.bytes(run.path("bytesStored").asLong()));
    if (!run.path("manifestLocation").isNull() && run.has("manifestLocation")) {
      out.printf("manifest   %s%n", run.path("manifestLocation").asText());
    }
    if (!run.path("reason").isNull() && run.has("reason")) {
      out.printf(
          "failed     %s: %s%n", run.path("reason").asText(), run.path("lastError").asText());
    }
    out.printf("attempts   %d%n", run.path("attempts").asInt());
    out.printf("accepted   %s%n", Instant.ofEpochMilli(run.path("acceptedAt").asLong()));
    out.printf("updated    %s%n", Instant.ofEpochMilli(run.path("updatedAt").asLong()));
  }
}
