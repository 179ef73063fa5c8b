package dev.archiver.cli;

import dev.archiver.events.ArchiveCompleted;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Prints how a run ended, one line a human can act on. */
final class Outcomes {

  private Outcomes() {}

  static void print(PrintWriter out, RunFollower.Outcome outcome) {
    if (outcome.completed().isPresent()) {
      ArchiveCompleted c = outcome.completed().get();
      double ratio = c.getBytesOut() > 0 ? (double) c.getBytesIn() / c.getBytesOut() : 0;
      long millis = Duration.between(c.getStartedAt(), c.getCompletedAt()).toMillis();
      out.printf(
          Locale.ROOT,
          "%s %s: archive %s, %d chunks, %s in, %s out (ratio %.2f), %d files, %.1f s%s%n",
          c.getDryRun() ? "planned" : "archived",
          outcome.runId(),
          c.getArchiveId(),
          c.getChunkCount(),
          ProgressBar.bytes(c.getBytesIn()),
          ProgressBar.bytes(c.getBytesOut()),
          ratio,
          c.getRecords(),
          millis / 1000.0,
          c.getDryRun() ? " (dry run: nothing written)" : "\n  manifest " + c.getLocation() + "\n  sha256   " + c.getManifestSha256());
    } else if (outcome.failed().isPresent()) {
      var f = outcome.failed().get();
      out.printf("failed %s: %s after %d attempt(s): %s%n", outcome.runId(), f.getReason(), f.getAttempts(), f.getMessage());
    } else if (outcome.ok()) {
      out.printf("archived %s (already archived before; no new completion)%n", outcome.runId());
    } else {
      out.printf("failed %s: %s%n", outcome.runId(), outcome.last().getMessage());
    }
    out.flush();
  }
}
