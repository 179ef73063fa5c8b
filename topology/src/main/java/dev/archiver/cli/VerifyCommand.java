package dev.archiver.cli;

import dev.archiver.events.IntegrityCheckCompleted;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import dev.archiver.streams.topics.TopicNames;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Asks for an integrity check of one archive, a sample, or all; with --wait, exits 0 when all are
 * intact, 2 when not.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check archives against their manifests.")
final class VerifyCommand implements Callable<Integer> {

  static final int NOT_INTACT = 2;

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @ArgGroup(multiplicity = "1")
  Scope scope;

  static final class Scope {
    @Parameters(paramLabel = "RUN_ID", description = "The archive of one run.")
    String id;

    @Option(
        names = "--archive",
        paramLabel = "ARCHIVE_ID",
        description = "One archive, by archive id.")
    String archiveId;

    @Option(names = "--sample", paramLabel = "N", description = "N archives chosen at random.")
    Integer sample;

    @Option(
        names = "--all",
        description = "Every archive; objects no manifest references are reported too.")
    boolean all;
  }

  @Option(
      names = "--shallow",
      description = "Hash the stored bytes only; do not decompress and hash the content.")
  boolean shallow;

  @Option(
      names = "--wait",
      description = "Wait for the results; exit 0 when every archive is intact, 2 when any is not.")
  boolean waitForResults;

  @Option(names = "--json", description = "With --wait: print each result as JSON.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "With --wait: give up after this long (e.g. 30s, 10m) and exit 3. Default: wait until answered.")
  String timeout;

  @Override
  public Integer call() throws Exception {
    String checkId = "check-" + UUID.randomUUID();
    IntegrityCheckRequested.Builder request =
        IntegrityCheckRequested.newBuilder()
            .setCheckId(checkId)
            .setDeep(!shallow)
            .setRequestedBy(System.getProperty("user.name", "cli"))
            .setRequestedAt(Instant.now());
    if (scope.all) {
      request.setScope(IntegrityScope.ALL);
    } else if (scope.sample != null) {
      request.setScope(IntegrityScope.SAMPLE).setSampleSize(scope.sample);
    } else {
      request.setScope(IntegrityScope.ARCHIVE).setRunId(scope.id).setArchiveId(scope.archiveId);
    }
    Deadline deadline = Deadline.after(Durations.option(spec, "--timeout", timeout));
    ClientEndpoints endpoints = ClientEndpoints.of(options.load());
    PrintWriter out = spec.commandLine().getOut();
    List<IntegrityCheckCompleted> bad = new ArrayList<>();
    IntegrityCheckCompleted s;
    // The publisher starts making its producer at once; the tail is opened before anything is
    // sent: the results come after this point, and nothing before it is read.
    try (RequestPublisher publisher = new RequestPublisher(endpoints);
        EventTail tail =
            waitForResults
                ? new EventTail(endpoints, List.of(TopicNames.INTEGRITY_RESULTS))
                : null) {
      publisher.publish(publisher.topics().integrityRequests, checkId, request.build());
      out.println("requested integrity check " + checkId);
      out.flush();
      if (tail == null) {
        return 0;
      }
      s =
          followCheck(
              tail,
              checkId,
              deadline,
              result -> {
                if (!result.getOk()) {
                  bad.add(result);
                }
                out.println(json ? result.toString() : Results.describe(result, !shallow));
                out.flush();
              });
    }
    if (s == null) {
      out.printf(
          "no summary for %s within %s; the check goes on (results on %s)%n",
          checkId, timeout, TopicNames.INTEGRITY_RESULTS);
      out.flush();
      return Deadline.TIMED_OUT;
    }
    out.printf(
        "%d archive(s) checked, %d not intact%s%s%n",
        s.getArchivesChecked(),
        s.getArchivesFailed(),
        Results.shallowerThanAsked(s, !shallow),
        s.getOrphans().isEmpty()
            ? ""
            : ", "
                + s.getOrphans().size()
                + " object(s) no manifest references (failed runs, or runs still in flight; never deleted): "
                + s.getOrphans());
    bad.forEach(
        b -> out.println("  NOT INTACT " + b.getArchiveId() + " (run " + b.getRunId() + ")"));
    out.flush();
    return s.getArchivesFailed() == 0
        ? 0
        : NOT_INTACT; // orphans are reported, but no archive is at fault
  }

  /**
   * Waits for every result of a check: one per archive, then the summary, which may arrive first
   * since they sit on different partitions. Returns the summary, or null when the deadline passed
   * first.
   */
  static IntegrityCheckCompleted followCheck(
      EventTail tail,
      String checkId,
      Deadline deadline,
      java.util.function.Consumer<IntegrityCheckCompleted> onArchive) {
    IntegrityCheckCompleted[] summary = new IntegrityCheckCompleted[1];
    int[] archivesSeen = {0};
    boolean complete =
        tail.followValues(
            deadline,
            value -> {
              if (value instanceof IntegrityCheckCompleted result
                  && result.getCheckId().equals(checkId)) {
                if (result.getSummary()) {
                  summary[0] = result;
                } else {
                  archivesSeen[0]++;
                  onArchive.accept(result);
                }
              }
              return summary[0] != null && archivesSeen[0] >= summary[0].getArchivesChecked();
            });
    return complete ? summary[0] : null;
  }

  /** Human lines for results. */
  static final class Results {
    private Results() {}

    /**
     * @param deep whether a deep check was asked for: then a result that could not read some chunks
     *     (a cold class, not thawed) says so
     */
    static String describe(IntegrityCheckCompleted r, boolean deep) {
      if (r.getOk()) {
        return "intact     "
            + r.getArchiveId()
            + " (run "
            + r.getRunId()
            + ")"
            + shallowerThanAsked(r, deep);
      }
      StringBuilder line =
          new StringBuilder("NOT INTACT " + r.getArchiveId() + " (run " + r.getRunId() + ")");
      if (!r.getManifestOk()) {
        line.append("\n    manifest: missing, unreadable or changed since it was written");
      }
      r.getProblems()
          .forEach(
              p ->
                  line.append("\n    chunk ")
                      .append(p.getChunkIndex())
                      .append(' ')
                      .append(p.getKind())
                      .append(" ")
                      .append(p.getKey())
                      .append(" expected ")
                      .append(p.getExpected())
                      .append(" found ")
                      .append(p.getActual()));
      return line.toString();
    }

    /**
     * "; 3 of 3 chunks checked by stored checksum only (...)" when a deep check could not read some
     * chunks, else "".
     */
    static String shallowerThanAsked(IntegrityCheckCompleted r, boolean deep) {
      if (!deep || r.getChunksByStoredChecksum() == 0) {
        return "";
      }
      return "; "
          + r.getChunksByStoredChecksum()
          + " of "
          + r.getChunksChecked()
          + " chunk(s) checked by stored checksum only (cold class, not thawed: the SHA-256 S3"
          + " recorded at upload was compared with the manifest, the bytes were not read)";
    }
  }
}
