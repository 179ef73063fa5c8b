package dev.archiver.cli;

import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Prints how a request was answered, one line a human can act on. */
final class Outcomes {

  private Outcomes() {}

  static void print(PrintWriter out, RunFollower.Outcome outcome) {
    if (outcome.completed().isPresent()) {
      ArchiveCompleted c = outcome.completed().get();
      double ratio = c.getBytesOut() > 0 ? (double) c.getBytesIn() / c.getBytesOut() : 0;
      long millis = Duration.between(c.getStartedAt(), c.getCompletedAt()).toMillis();
      String what = c.getDryRun() ? "planned" : c.getRepeat() ? "already archived" : "archived";
      out.printf(
          Locale.ROOT,
          "%s %s: archive %s, %d chunks, %s in, %s out (ratio %.2f), %d files, %.1f s%s%n",
          what,
          outcome.runId(),
          c.getArchiveId(),
          c.getChunkCount(),
          ProgressBar.bytes(c.getBytesIn()),
          ProgressBar.bytes(c.getBytesOut()),
          ratio,
          c.getRecords(),
          millis / 1000.0,
          c.getDryRun()
              ? " (dry run: nothing written)"
              : (c.getRepeat() ? " (same source and tier as before; nothing new written)" : "")
                  + "\n  manifest "
                  + c.getLocation()
                  + "\n  sha256   "
                  + c.getManifestSha256());
    } else {
      ArchiveFailed f = outcome.failed().orElseThrow();
      String what = f.getRunFailed() ? "failed" : "refused";
      out.printf(
          "%s %s: %s after %d attempt(s): %s%n",
          what, outcome.runId(), f.getReason(), f.getAttempts(), f.getMessage());
    }
    out.flush();
  }
}
