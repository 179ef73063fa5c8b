package dev.archiver.cli;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.SourceSpec;
import dev.archiver.events.TargetSpec;
import dev.archiver.service.ArchiverService;
import dev.archiver.streams.topics.TopicNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shows the archiver at work on its embedded stack: a valid request is accepted, malformed and unsafe ones are
 * dead-lettered with their reason, and every resulting event is printed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded stack in a fresh data directory and show the archiver at work.",
      "Keeps serving /health and /metrics until Ctrl-C unless --exit is given."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @Option(names = "--exit", description = "Stop once the demo has run instead of serving until Ctrl-C.")
  boolean exit;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dataDir = options.dataDir != null ? options.dataDir : Files.createTempDirectory("archiver-demo-");
    // A fresh directory and free broker/registry ports: the demo never collides with an `archiver up`.
    ArchiverConfig config =
        options.load(
            Map.of(
                ConfigKeys.DATA_DIR.name(), dataDir.toString(),
                ConfigKeys.EMBEDDED_KAFKA_PORT.name(), "0",
                ConfigKeys.EMBEDDED_REGISTRY_PORT.name(), "0"));
    out.println("Starting the embedded broker, schema registry and archiver in " + dataDir + " ...");
    out.flush();
    try (ArchiverService service = ArchiverService.start(config)) {
      UpCommand.printAddresses(out, service, config);
      ClientEndpoints endpoints = new ClientEndpoints(service.bootstrapServers(), service.registryUrl());
      Path run = sampleRun(config.sourceRoots().get(0).resolve("run-0001"));
      try (RequestPublisher publisher = new RequestPublisher(endpoints)) {
        out.println();
        out.println("Publishing three requests to " + TopicNames.ARCHIVE_REQUESTS + ":");
        out.println("  run-0001   a valid request for " + run);
        publisher.publish(publisher.topics().archiveRequests, "run-0001", request("run-0001", "file:" + run));
        out.println("  run-0002   random bytes, not Avro");
        publisher.publishRaw(TopicNames.ARCHIVE_REQUESTS, "run-0002", "this is not an Avro record".getBytes(StandardCharsets.UTF_8));
        out.println("  run-0003   a path that escapes the source roots");
        publisher.publish(
            publisher.topics().archiveRequests, "run-0003", request("run-0003", "file:" + run.resolve("../../../../etc")));
      }
      out.println();
      out.println("Events on the output topics:");
      out.flush();
      boolean complete = showEvents(out, endpoints);
      out.println();
      out.println(complete ? "Demo done: one run accepted, two requests dead-lettered with their reasons." : "Demo timed out waiting for events.");
      out.flush();
      if (!complete) {
        return 1;
      }
      if (!exit) {
        out.println("Still serving http://localhost:" + service.httpPort() + "/health and /metrics; Ctrl-C stops.");
        out.flush();
        awaitCtrlC();
      }
    }
    return 0;
  }

  private static boolean showEvents(PrintWriter out, ClientEndpoints endpoints) {
    List<String> watched = List.of(TopicNames.RUN_PROGRESS, TopicNames.AUDIT, TopicNames.ARCHIVE_FAILED, TopicNames.DLQ);
    try (EventTail tail = new EventTail(endpoints, watched)) {
      return tail.follow(
          Duration.ofSeconds(90),
          e -> {
            out.printf("  %-26s %-9s %s%n", e.topic(), e.key(), e.text());
            out.flush();
          },
          seen ->
              seen.stream().filter(e -> e.topic().equals(TopicNames.DLQ)).count() >= 2
                  && seen.stream().filter(e -> e.topic().equals(TopicNames.ARCHIVE_FAILED)).count() >= 2
                  && seen.stream().anyMatch(e -> e.topic().equals(TopicNames.RUN_PROGRESS)));
    }
  }

  private static ArchiveRequested request(String runId, String uri) {
    return ArchiveRequested.newBuilder()
        .setRunId(runId)
        .setSource(SourceSpec.newBuilder().setUri(uri).build())
        .setTarget(TargetSpec.newBuilder().build())
        .setRequestedBy("demo")
        .setRequestedAt(Instant.now())
        .build();
  }

  /** A small run directory: nested files, an empty file and an empty directory. */
  private static Path sampleRun(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("raw/detector-a"));
    Files.createDirectories(dir.resolve("empty-dir"));
    Files.writeString(dir.resolve("README.txt"), "run 0001 of the demo\n");
    Files.writeString(dir.resolve("raw/detector-a/events.csv"), "t,channel,value\n".repeat(1) + "0,1,0.5\n".repeat(5000));
    Files.write(dir.resolve("raw/empty.dat"), new byte[0]);
    return dir;
  }

  private static void awaitCtrlC() throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(interrupted::countDown));
    interrupted.await();
  }
}
