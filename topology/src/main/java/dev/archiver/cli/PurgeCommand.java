package dev.archiver.cli;

import dev.archiver.events.AdminAction;
import dev.archiver.events.AdminRequested;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Asks for a purge of the expired archives now (PURGE_EXPIRED); --dry-run only lists them. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    description =
        "Delete the archives whose retention has expired, except those under legal hold. --dry-run lists them only.")
final class PurgeCommand implements Callable<Integer> {

  /** The answers per archive that end its part of a purge request. */
  private static final Set<String> DECIDED =
      Set.of("purge-spared", "purge-started", "purge-would-delete", "purge-skipped");

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
  boolean dryRun;

  @Option(
      names = "--wait",
      description =
          "Wait until every expired archive has its answer (spared, started, would delete).")
  boolean waitForAnswer;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "With --wait: give up after this long and exit 3. Default: 60s.")
  String timeout;

  @Override
  public Integer call() {
    String requestId = "admin-" + UUID.randomUUID();
    AdminRequested request =
        AdminRequested.newBuilder()
            .setRequestId(requestId)
            .setAction(AdminAction.PURGE_EXPIRED)
            .setParameters(dryRun ? Map.of("dryRun", "true") : Map.of())
            .setRequestedBy(System.getProperty("user.name", "cli"))
            .setRequestedAt(Instant.now())
            .build();
    Duration wait = Durations.option(spec, "--timeout", timeout);
    PrintWriter out = spec.commandLine().getOut();
    int[] expected = {-1};
    int[] decided = {0};
    AdminRequests.Outcome answered =
        AdminRequests.send(
            ClientEndpoints.of(options.load()),
            request,
            requestId,
            Deadline.after(wait == null ? AdminRequests.DEFAULT_WAIT : wait),
            out,
            waitForAnswer
                ? audit -> {
                  String action = audit.getAction();
                  if (action.equals("purge-planned") || action.equals("purge-dry-run")) {
                    expected[0] = Integer.parseInt(audit.getDetails().getOrDefault("expired", "0"));
                  } else if (DECIDED.contains(action)) {
                    decided[0]++;
                  }
                  return expected[0] >= 0 && decided[0] >= expected[0];
                }
                : null);
    return switch (answered) {
      case NO_ANSWER -> {
        out.println("not every answer came in time; the purge goes on (see archiver.audit)");
        yield Deadline.TIMED_OUT;
      }
      case REJECTED -> 1;
      case ANSWERED -> 0;
    };
  }
}
