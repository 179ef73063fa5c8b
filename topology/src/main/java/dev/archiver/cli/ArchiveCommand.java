package dev.archiver.cli;

import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.SourceSpec;
import dev.archiver.events.StorageTier;
import dev.archiver.events.TargetSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes an archive request for one run. */
@Command(name = "archive", mixinStandardHelpOptions = true, description = "Ask the archiver to archive a run.")
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

  @Parameters(paramLabel = "RUN_ID", description = "Stable id of the run; archiving the same id twice archives it once.")
  String runId;

  @Option(names = "--source", required = true, paramLabel = "URI", description = "What to archive, e.g. file:/data/runs/12500.")
  String source;

  @Option(names = "--tier", defaultValue = "hot", paramLabel = "TIER", description = "hot (filesystem), standard, ia, glacier, deep-archive. Default: ${DEFAULT-VALUE}.")
  String tier;

  @Option(names = "--dry-run", description = "Plan and report only; write nothing.")
  boolean dryRun;

  @Option(names = "--wait", description = "Follow the run with a progress bar; exit 0 when archived, 1 when it failed.")
  boolean waitForOutcome;

  @Option(names = "--requested-by", defaultValue = "${sys:user.name}", description = "Who asks, for the audit trail. Default: ${DEFAULT-VALUE}.")
  String requestedBy;

  @Override
  public Integer call() throws Exception {
    StorageTier storageTier = TIERS.get(tier.toLowerCase(Locale.ROOT));
    if (storageTier == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tier '" + tier + "' is not one of " + TIERS.keySet());
    }
    ArchiveRequested request =
        ArchiveRequested.newBuilder()
            .setRunId(runId)
            .setSource(SourceSpec.newBuilder().setUri(source).build())
            .setTarget(TargetSpec.newBuilder().setTier(storageTier).build())
            .setDryRun(dryRun)
            .setRequestedBy(requestedBy)
            .setRequestedAt(Instant.now())
            .build();
    ClientEndpoints endpoints = ClientEndpoints.of(options.load());
    PrintWriter out = spec.commandLine().getOut();
    try (RequestPublisher publisher = new RequestPublisher(endpoints)) {
      RecordMetadata written = publisher.publish(publisher.topics().archiveRequests, runId, request);
      out.printf(
          "requested archive of %s from %s to %s%s (%s-%d@%d)%n",
          runId, source, storageTier, dryRun ? " (dry run)" : "", written.topic(), written.partition(), written.offset());
      out.flush();
    }
    if (!waitForOutcome) {
      return 0;
    }
    try (RunFollower follower = new RunFollower(endpoints)) {
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
      RunFollower.Outcome[] outcome = new RunFollower.Outcome[1];
      follower.follow(java.util.Set.of(runId), bar::update, o -> outcome[0] = o);
      bar.finish();
      Outcomes.print(out, outcome[0]);
      return outcome[0].ok() ? 0 : 1;
    }
  }
}
