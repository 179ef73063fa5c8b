package dev.archiver.cli;

import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.SourceSpec;
import dev.archiver.events.StorageTier;
import dev.archiver.events.TargetSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes an archive request for one run. */
@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    description = "Ask the archiver to archive a run.")
final class ArchiveCommand implements Callable<Integer> {

  /** Operator-facing tier names. */
  static final Map<String, StorageTier> TIERS =
      Map.of(
          "hot", StorageTier.FILESYSTEM,
          "filesystem", StorageTier.FILESYSTEM,
          "standard", StorageTier.S3_STANDARD,
          "ia", StorageTier.S3_STANDARD_IA,
          "glacier", StorageTier.S3_GLACIER,
          "deep-archive", StorageTier.S3_DEEP_ARCHIVE);

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @Parameters(
      paramLabel = "RUN_ID",
      description = "Stable id of the run; archiving the same id twice archives it once.")
  String runId;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "URI",
      description = "What to archive, e.g. file:/data/runs/12500.")
  String source;

  @Option(
      names = "--tier",
      defaultValue = "hot",
      paramLabel = "TIER",
      description =
          "hot (filesystem), standard, ia, glacier, deep-archive. Default: ${DEFAULT-VALUE}.")
  String tier;

  @Option(
      names = "--retention",
      paramLabel = "CLASS",
      description =
          "Retention class (retention.classes): the archive is purged once it has passed. Default: retention.default-class.")
  String retentionClass;

  @Option(
      names = "--legal-hold",
      description =
          "Hold the archive from the start: never purged until released (archiver hold --release).")
  boolean legalHold;

  @Option(names = "--dry-run", description = "Plan and report only; write nothing.")
  boolean dryRun;

  @Option(
      names = "--wait",
      description =
          "Follow the run with a progress bar until this request is answered: exit 0 when the run is archived, 1 when it failed or the request was refused (with the reason), 3 on --timeout.")
  boolean waitForOutcome;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "With --wait: give up after this long (e.g. 30s, 10m) and exit 3. Default: wait until answered.")
  String timeout;

  @Option(
      names = "--requested-by",
      defaultValue = "${sys:user.name}",
      description = "Who asks, for the audit trail. Default: ${DEFAULT-VALUE}.")
  String requestedBy;

  @Override
  public Integer call() throws Exception {
    StorageTier storageTier = TIERS.get(tier.toLowerCase(Locale.ROOT));
    if (storageTier == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--tier '" + tier + "' is not one of " + TIERS.keySet());
    }
    ArchiveRequested request =
        ArchiveRequested.newBuilder()
            .setRunId(runId)
            .setSource(SourceSpec.newBuilder().setUri(source).build())
            .setTarget(TargetSpec.newBuilder().setTier(storageTier).build())
            .setDryRun(dryRun)
            .setRetentionClass(retentionClass)
            .setLegalHold(legalHold)
            .setRequestedBy(requestedBy)
            .setRequestedAt(Instant.now())
            .setRequestId(UUID.randomUUID().toString())
            .build();
    Deadline deadline = Deadline.after(Durations.option(spec, "--timeout", timeout));
    ClientEndpoints endpoints = ClientEndpoints.of(options.load());
    PrintWriter out = spec.commandLine().getOut();
    // The follower is opened first: the answer comes after this point, and nothing before it is
    // read.
    try (RunFollower follower = waitForOutcome ? new RunFollower(endpoints) : null;
        RequestPublisher publisher = new RequestPublisher(endpoints)) {
      RecordMetadata written =
          publisher.publish(publisher.topics().archiveRequests, runId, request);
      out.printf(
          "requested archive of %s from %s to %s%s (%s-%d@%d, request %s)%n",
          runId,
          source,
          storageTier,
          dryRun ? " (dry run)" : "",
          written.topic(),
          written.partition(),
          written.offset(),
          request.getRequestId());
      out.flush();
      if (follower == null) {
        return 0;
      }
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
      Map<String, RunFollower.Outcome> answers =
          follower.follow(Map.of(runId, request.getRequestId()), deadline, bar::update, o -> {});
      bar.finish();
      RunFollower.Outcome outcome = answers.get(runId);
      if (outcome == null) {
        out.printf(
            "no answer for %s within %s; the request stands (see: archiver status %s)%n",
            runId, timeout, runId);
        out.flush();
        return Deadline.TIMED_OUT;
      }
      Outcomes.print(out, outcome);
      return outcome.ok() ? 0 : 1;
    }
  }
}
