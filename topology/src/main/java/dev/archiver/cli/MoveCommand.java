package dev.archiver.cli;

import dev.archiver.config.TierNames;
import dev.archiver.events.AdminAction;
import dev.archiver.events.AdminRequested;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Moves one archive to another tier now (ROTATE_TIERS with a tier), or applies tier.policy. */
@Command(
    name = "move",
    mixinStandardHelpOptions = true,
    description =
        "Move an archive to another tier now (copy, check, switch, delete the old copy), or with --policy apply"
            + " tier.policy to every archive.")
final class MoveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @ArgGroup(multiplicity = "1")
  Target target;

  static final class Target {
    @ArgGroup(multiplicity = "1")
    ArchiveTarget archive;

    @Option(
        names = "--policy",
        description = "Every archive tier.policy says should have moved by now.")
    boolean policy;
  }

  @Option(
      names = "--to",
      paramLabel = "TIER",
      description = "The tier to move to: hot, standard, ia, glacier, deep-archive.")
  String to;

  @Option(names = "--dry-run", description = "Say what would move; move nothing.")
  boolean dryRun;

  @Option(
      names = "--wait",
      description = "With one archive: wait until it has moved (exit 0) or not (1).")
  boolean waitForAnswer;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "With --wait: give up after this long and exit 3. Default: 60s.")
  String timeout;

  @Override
  public Integer call() {
    if (!target.policy && (to == null || TierNames.parse(to).isEmpty())) {
      throw new ParameterException(
          spec.commandLine(), "--to must name a tier: " + TierNames.written());
    }
    String requestId = "admin-" + UUID.randomUUID();
    AdminRequested.Builder request =
        AdminRequested.newBuilder()
            .setRequestId(requestId)
            .setAction(AdminAction.ROTATE_TIERS)
            .setRequestedBy(System.getProperty("user.name", "cli"))
            .setRequestedAt(Instant.now());
    if (target.policy) {
      request.setParameters(dryRun ? Map.of("dryRun", "true") : Map.of());
    } else {
      request
          .setRunId(target.archive.runId)
          .setArchiveId(target.archive.archiveId)
          .setParameters(dryRun ? Map.of("tier", to, "dryRun", "true") : Map.of("tier", to));
    }
    Duration wait = Durations.option(spec, "--timeout", timeout);
    PrintWriter out = spec.commandLine().getOut();
    boolean[] failed = {false};
    AdminRequests.Outcome answered =
        AdminRequests.send(
            ClientEndpoints.of(options.load()),
            request.build(),
            requestId,
            Deadline.after(wait == null ? AdminRequests.DEFAULT_WAIT : wait),
            out,
            waitForAnswer && !target.policy
                ? audit -> {
                  String action = audit.getAction();
                  failed[0] = action.equals("move-failed") || action.equals("move-skipped");
                  return failed[0] || action.equals("moved") || action.equals("move-would-move");
                }
                : null);
    return switch (answered) {
      case NO_ANSWER -> {
        out.println("no answer in time; the move goes on (see archiver.audit)");
        yield Deadline.TIMED_OUT;
      }
      case REJECTED -> 1;
      case ANSWERED -> failed[0] ? 1 : 0;
    };
  }
}
