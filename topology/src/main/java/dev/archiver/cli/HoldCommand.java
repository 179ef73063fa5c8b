package dev.archiver.cli;

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
import picocli.CommandLine.Spec;

/**
 * Puts an archive under legal hold, or with --release lifts it; the audit trail records who and
 * why.
 */
@Command(
    name = "hold",
    mixinStandardHelpOptions = true,
    description =
        "Put an archive under legal hold (never purged), or lift the hold with --release.")
final class HoldCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @ArgGroup(multiplicity = "1")
  ArchiveTarget target;

  @Option(names = "--release", description = "Lift the hold instead.")
  boolean release;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why, kept in the audit trail (a case number, a ticket).")
  String reason;

  @Option(
      names = "--wait",
      description = "Wait for the answer; exit 0 when applied, 1 when refused.")
  boolean waitForAnswer;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "With --wait: give up after this long and exit 3. Default: 60s.")
  String timeout;

  @Override
  public Integer call() {
    String requestId = "admin-" + UUID.randomUUID();
    AdminAction action = release ? AdminAction.LEGAL_HOLD_OFF : AdminAction.LEGAL_HOLD_ON;
    AdminRequested request =
        AdminRequested.newBuilder()
            .setRequestId(requestId)
            .setAction(action)
            .setRunId(target.runId)
            .setArchiveId(target.archiveId)
            .setParameters(Map.of("reason", reason))
            .setRequestedBy(System.getProperty("user.name", "cli"))
            .setRequestedAt(Instant.now())
            .build();
    Duration wait = Durations.option(spec, "--timeout", timeout);
    PrintWriter out = spec.commandLine().getOut();
    String applied = release ? "legal-hold-off" : "legal-hold-on";
    boolean[] refused = {false};
    AdminRequests.Outcome answered =
        AdminRequests.send(
            ClientEndpoints.of(options.load()),
            request,
            requestId,
            Deadline.after(wait == null ? AdminRequests.DEFAULT_WAIT : wait),
            out,
            waitForAnswer
                ? audit -> {
                  refused[0] = audit.getAction().equals(applied + "-refused");
                  return refused[0] || audit.getAction().equals(applied);
                }
                : null);
    return switch (answered) {
      case NO_ANSWER -> {
        out.println("no answer in time; the request may still be applied (see archiver.audit)");
        yield Deadline.TIMED_OUT;
      }
      case REJECTED -> 1;
      case ANSWERED -> refused[0] ? 1 : 0;
    };
  }
}
