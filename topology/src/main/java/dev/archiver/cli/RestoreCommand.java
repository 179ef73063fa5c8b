package dev.archiver.cli;

import dev.archiver.events.ConflictStrategy;
import dev.archiver.events.RestoreCompleted;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.events.RestoreTier;
import dev.archiver.streams.topics.TopicNames;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Asks for an archive to be restored to a directory; with --wait, exits 0 when restored, 1 when it
 * failed.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Restore a run's archive (or, with --archive, an archive by its id) to a directory.")
final class RestoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @ArgGroup(multiplicity = "1")
  ArchiveChoice archive;

  /**
   * A run id, or an archive id with --archive: never guessed from its shape, since a run may be
   * named like an archive.
   */
  static final class ArchiveChoice {
    @Parameters(paramLabel = "RUN_ID", description = "The run whose archive to restore.")
    String runId;

    @Option(
        names = "--archive",
        paramLabel = "ARCHIVE_ID",
        description = "The archive to restore, by archive id, instead of a run id.")
    String archiveId;
  }

  @Option(
      names = "--target",
      required = true,
      paramLabel = "file:DIR",
      description = "Where to restore, under one of restore.roots.")
  String target;

  @Option(
      names = "--tier",
      defaultValue = "standard",
      description =
          "Thaw speed for cold tiers: expedited, standard, bulk. Default: ${DEFAULT-VALUE}.")
  String tier;

  @Option(
      names = "--conflict",
      defaultValue = "fail",
      description =
          "For files that exist at the target: skip, overwrite, fail. Default: ${DEFAULT-VALUE}.")
  String conflict;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      description =
          "Remove the restored copy after this long (e.g. 30m, 24h, 7d; 0s keeps it). Default: a filesystem restore is kept until you remove it (thawed copies of cold tiers: 24h).")
  String ttl;

  @Option(
      names = "--wait",
      description =
          "Wait for the restore to finish; exit 0 when restored, 1 when it failed or was refused, 3 on --timeout.")
  boolean waitForOutcome;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "With --wait: give up after this long (e.g. 30s, 10m) and exit 3. Default: wait until answered.")
  String timeout;

  @Override
  public Integer call() throws Exception {
    Duration keep = Durations.option(spec, "--ttl", ttl);
    String restoreId = "restore-" + UUID.randomUUID();
    RestoreRequested request =
        RestoreRequested.newBuilder()
            .setRestoreId(restoreId)
            .setRunId(archive.runId)
            .setArchiveId(archive.archiveId)
            .setTarget(target)
            .setRestoreTier(RestoreTier.valueOf(tier.toUpperCase(Locale.ROOT)))
            .setConflict(ConflictStrategy.valueOf(conflict.toUpperCase(Locale.ROOT)))
            .setTtlSeconds(keep == null ? null : keep.toSeconds())
            .setRequestedBy(System.getProperty("user.name", "cli"))
            .setRequestedAt(Instant.now())
            .build();
    Deadline deadline = Deadline.after(Durations.option(spec, "--timeout", timeout));
    ClientEndpoints endpoints = ClientEndpoints.of(options.load());
    PrintWriter out = spec.commandLine().getOut();
    Object[] outcome = new Object[1];
    // The publisher starts making its producer at once; the tail is opened before anything is
    // sent: the answer comes after this point, and nothing before it is read.
    try (RequestPublisher publisher = new RequestPublisher(endpoints);
        EventTail tail =
            waitForOutcome
                ? new EventTail(
                    endpoints, List.of(TopicNames.RESTORE_COMPLETED, TopicNames.RESTORE_FAILED))
                : null) {
      publisher.publish(publisher.topics().restoreRequests, restoreId, request);
      out.println(
          "requested restore "
              + restoreId
              + " of "
              + (archive.runId != null ? "run " + archive.runId : "archive " + archive.archiveId)
              + " to "
              + target);
      out.flush();
      if (tail == null) {
        return 0;
      }
      follow(tail, restoreId, deadline, outcome);
      // Printed before the clients close (about 0.4 s): the answer is known, the closing is ours.
      if (outcome[0] == null) {
        out.printf(
            "no answer for %s within %s; the restore goes on (see: archiver restores)%n",
            restoreId, timeout);
        out.flush();
        return Deadline.TIMED_OUT;
      }
      return report(out, outcome[0]);
    }
  }

  private void follow(EventTail tail, String restoreId, Deadline deadline, Object[] outcome)
      throws InterruptedException {
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
    Thread poller = RestoreProgressPoller.start(ArchiverApi.of(null, options), restoreId, bar);
    try {
      tail.followValues(
          deadline,
          value -> {
            boolean mine =
                (value instanceof RestoreCompleted c && c.getRestoreId().equals(restoreId))
                    || (value instanceof RestoreFailed f && f.getRestoreId().equals(restoreId));
            if (mine) {
              outcome[0] = value;
            }
            return mine;
          });
    } finally {
      poller.interrupt();
      poller.join(2000);
      bar.finish();
    }
  }

  private static int report(PrintWriter out, Object outcome) {
    if (outcome instanceof RestoreCompleted c) {
      out.printf(
          "restored %s (run %s) to %s: %d files, %s, %d skipped%s%n",
          c.getArchiveId(),
          c.getRunId(),
          c.getTarget(),
          c.getRecords(),
          ProgressBar.bytes(c.getBytes()),
          c.getSkipped(),
          c.getExpiresAt() == null ? ", kept until removed" : ", expires " + c.getExpiresAt());
      out.flush();
      return 0;
    }
    RestoreFailed f = (RestoreFailed) outcome;
    out.printf("restore failed: %s: %s%n", f.getReason(), f.getMessage());
    out.flush();
    return 1;
  }
}
