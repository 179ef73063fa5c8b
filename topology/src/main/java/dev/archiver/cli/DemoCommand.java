package dev.archiver.cli;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.IntegrityCheckCompleted;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import dev.archiver.events.RestoreCompleted;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.events.SourceSpec;
import dev.archiver.events.TargetSpec;
import dev.archiver.logging.LogSetup;
import dev.archiver.service.ArchiverService;
import dev.archiver.streams.topics.TopicNames;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
 * Shows the archiver at work on its embedded stack: sample runs are archived with progress and
 * their completions printed, malformed or unsafe requests are dead-lettered with their reason,
 * archives are checked and restored, and the storage tiers are toured (S3, a move to GLACIER, a
 * restore through a thaw, a purge that spares a held archive).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded stack in a fresh data directory, archive generated sample runs, show progress,",
      "completions and dead letters, then keep serving /health and /metrics until Ctrl-C (or stop with --exit)."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @Option(
      names = "--exit",
      description = "Stop once the demo has run instead of serving until Ctrl-C.")
  boolean exit;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Sample runs to generate. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(
      names = "--run-size-mib",
      defaultValue = "48",
      description = "Size of each sample run in MiB. Default: ${DEFAULT-VALUE}.")
  int runSizeMib;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dataDir =
        options.dataDir != null ? options.dataDir : Files.createTempDirectory("archiver-demo-");
    // A fresh directory and free broker/registry ports: the demo never collides with an `archiver
    // up`.
    // Small chunks so that even the sample runs spread over several chunks and stream threads.
    ArchiverConfig config =
        options.load(
            Map.of(
                ConfigKeys.DATA_DIR.name(), dataDir.toString(),
                ConfigKeys.EMBEDDED_KAFKA_PORT.name(), "0",
                ConfigKeys.EMBEDDED_REGISTRY_PORT.name(), "0",
                ConfigKeys.CHUNK_SIZE.name(), "8MiB",
                ConfigKeys.INTEGRITY_SCHEDULE_INTERVAL.name(), "3m",
                ConfigKeys.RETENTION_CLASSES.name(),
                    "short=30d,standard=365d,long=3650d," + DemoTiers.SHORT_LIVED + "=1s",
                ConfigKeys.TIER_S3_SIMULATED_THAW_TIME.name(), "3s"));
    LogSetup.apply(config);
    Path logFile = dataDir.resolve("archiver.log");
    out.println(
        "Starting the embedded broker, schema registry and archiver in " + dataDir + " ...");
    out.println("  (the service's log goes to " + logFile + ")");
    out.flush();
    try (LogDestination log = LogDestination.toFile(logFile);
        ArchiverService service = ArchiverService.start(config)) {
      UpCommand.printAddresses(out, service, config);
      ClientEndpoints endpoints =
          ClientEndpoints.of(config, service.bootstrapServers(), service.registryUrl());
      out.printf(
          "%nGenerating %d sample runs of %d MiB under %s ...%n",
          runs, runSizeMib, config.sourceRoots().get(0));
      out.flush();
      List<Path> samples = SampleRuns.generate(config.sourceRoots().get(0), runs, runSizeMib);
      Map<String, String> requestIds = new LinkedHashMap<>();
      // Followers first: each waits for answers to the requests published after it opened.
      try (RunFollower follower = new RunFollower(endpoints);
          EventTail deadLetters =
              new EventTail(endpoints, List.of(TopicNames.DLQ, TopicNames.ARCHIVE_FAILED))) {
        try (RequestPublisher publisher = new RequestPublisher(endpoints)) {
          for (Path run : samples) {
            String runId = "daq/" + run.getFileName();
            ArchiveRequested request = request(runId, "file:" + run);
            requestIds.put(runId, request.getRequestId());
            publisher.publish(publisher.topics().archiveRequests, runId, request);
            out.println("  requested " + runId + "  <- file:" + run);
          }
          out.println("  requested run-bad-1  <- random bytes, not Avro");
          publisher.publishRaw(
              TopicNames.ARCHIVE_REQUESTS,
              "run-bad-1",
              "this is not an Avro record".getBytes(StandardCharsets.UTF_8));
          out.println("  requested run-bad-2  <- a path that escapes the source roots");
          publisher.publish(
              publisher.topics().archiveRequests,
              "run-bad-2",
              request("run-bad-2", "file:" + samples.get(0) + "/../../../../etc"));
        }
        out.println();
        out.flush();
        followRuns(out, follower, requestIds);
        showDeadLetters(out, deadLetters);
      }
      verifyAndRestore(
          out,
          endpoints,
          requestIds.keySet().iterator().next(),
          config.restoreRoots().get(0).resolve("demo-restore"));
      DemoTiers.show(out, endpoints, config.sourceRoots().get(0), config.restoreRoots().get(0));
      out.println();
      out.println(
          "Archives are under "
              + config.filesystemTierPath()
              + " (each: chunk-*.tar.zst + manifest.json;");
      out.println("  restore by hand with: cat chunk-*.tar.zst | zstd -d | tar -x)");
      out.flush();
      if (!exit) {
        out.println(
            "Still serving http://"
                + config.httpLocalHost()
                + ":"
                + service.httpPort()
                + "/health and /metrics; Ctrl-C stops.");
        out.flush();
        awaitCtrlC();
      }
    }
    return 0;
  }

  private void followRuns(PrintWriter out, RunFollower follower, Map<String, String> requestIds) {
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
    follower.follow(
        requestIds,
        Deadline.never(),
        bar::update,
        outcome -> {
          bar.finish();
          Outcomes.print(out, outcome);
        });
  }

  /**
   * Checks every archive end to end, then brings one back, as an operator would with `verify` and
   * `restore`.
   */
  private static void verifyAndRestore(
      PrintWriter out, ClientEndpoints endpoints, String runId, Path target)
      throws InterruptedException {
    String checkId = "demo-check-all";
    String restoreId = "demo-restore-1";
    try (EventTail checks = new EventTail(endpoints, List.of(TopicNames.INTEGRITY_RESULTS));
        EventTail restores =
            new EventTail(
                endpoints, List.of(TopicNames.RESTORE_COMPLETED, TopicNames.RESTORE_FAILED))) {
      try (RequestPublisher publisher = new RequestPublisher(endpoints)) {
        publisher.publish(
            publisher.topics().integrityRequests,
            checkId,
            IntegrityCheckRequested.newBuilder()
                .setCheckId(checkId)
                .setScope(IntegrityScope.ALL)
                .setDeep(true)
                .setRequestedBy("demo")
                .setRequestedAt(Instant.now())
                .build());
        publisher.publish(
            publisher.topics().restoreRequests,
            restoreId,
            RestoreRequested.newBuilder()
                .setRestoreId(restoreId)
                .setRunId(runId)
                .setTarget("file:" + target)
                .setTtlSeconds(3600L)
                .setRequestedBy("demo")
                .setRequestedAt(Instant.now())
                .build());
      }
      out.println();
      out.println(
          "Integrity check of all archives (deep: stored bytes and unpacked content against the manifests):");
      out.flush();
      IntegrityCheckCompleted summary =
          VerifyCommand.followCheck(
              checks,
              checkId,
              Deadline.never(),
              r -> {
                out.println("  " + VerifyCommand.Results.describe(r, true));
                out.flush();
              });
      out.printf(
          "  %d archive(s) checked, %d not intact, %d orphaned object(s)%n",
          summary.getArchivesChecked(), summary.getArchivesFailed(), summary.getOrphans().size());
      out.println();
      out.println(
          "Restore of "
              + runId
              + " to "
              + target
              + " (every checksum verified before the first write; removed after 1 h):");
      out.flush();
      restores.followValues(
          Deadline.never(),
          value -> {
            if (value instanceof RestoreCompleted c && c.getRestoreId().equals(restoreId)) {
              out.printf(
                  "  restored %d files, %s, expires %s%n",
                  c.getRecords(), ProgressBar.bytes(c.getBytes()), c.getExpiresAt());
            } else if (value instanceof RestoreFailed f && f.getRestoreId().equals(restoreId)) {
              out.printf("  restore failed: %s: %s%n", f.getReason(), f.getMessage());
            } else {
              return false;
            }
            out.flush();
            return true;
          });
    }
  }

  private static void showDeadLetters(PrintWriter out, EventTail tail) {
    out.println();
    out.println("Dead letters (archiver.dlq) and failure events (archiver.archive.failed):");
    tail.follow(
        Deadline.after(Duration.ofSeconds(60)),
        e -> {
          out.printf("  %-24s %-10s %s%n", e.topic(), e.key(), e.text());
          out.flush();
        },
        seen -> seen.size() >= 4);
  }

  private static ArchiveRequested request(String runId, String uri) {
    return ArchiveRequested.newBuilder()
        .setRunId(runId)
        .setSource(SourceSpec.newBuilder().setUri(uri).build())
        .setTarget(TargetSpec.newBuilder().build())
        .setRequestedBy("demo")
        .setRequestedAt(Instant.now())
        .setRequestId(java.util.UUID.randomUUID().toString())
        .build();
  }

  private static void awaitCtrlC() throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(interrupted::countDown));
    interrupted.await();
  }
}
