package dev.archiver.cli;

import dev.archiver.events.RunProgress;
import java.io.PrintWriter;
import java.util.Locale;

/** One terminal line redrawn in place: bytes and chunks done, rate and ETA. */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private long startNanos = -1;
  private long startBytes;

  ProgressBar(PrintWriter out) {
    this.out = out;
  }

  void update(RunProgress p) {
    long now = System.nanoTime();
    if (startNanos < 0 && p.getBytesTotal() > 0) {
      startNanos = now;
      startBytes = p.getBytesDone();
    }
    double fraction = p.getBytesTotal() > 0 ? (double) p.getBytesDone() / p.getBytesTotal() : 0;
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = startNanos < 0 ? 0 : (now - startNanos) / 1e9;
    double rate = seconds > 0.2 ? (p.getBytesDone() - startBytes) / seconds : 0;
    String eta = rate > 0 ? formatSeconds((p.getBytesTotal() - p.getBytesDone()) / rate) : "--";
    out.printf(
        Locale.ROOT,
        "\r%-16s [%s%s] %3.0f%%  %d/%d chunks  %s/%s  %s/s  ETA %s   ",
        p.getStage(),
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        fraction * 100,
        p.getChunksDone(),
        p.getChunksTotal(),
        bytes(p.getBytesDone()),
        bytes(p.getBytesTotal()),
        bytes((long) rate),
        eta);
    out.flush();
  }

  void finish() {
    out.println();
    out.flush();
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static String formatSeconds(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + "s" : (s / 60) + "m" + (s % 60) + "s";
  }
}
