package dev.archiver.cli;

import dev.archiver.events.RunProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/** One terminal line redrawn in place: bytes and chunks done, rate and ETA. */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final LongSupplier nanoClock;
  private long startNanos = -1;
  private long startBytes;

  ProgressBar(PrintWriter out) {
    this(out, System::nanoTime);
  }

  ProgressBar(PrintWriter out, LongSupplier nanoClock) {
    this.out = out;
    this.nanoClock = nanoClock;
  }

  void update(RunProgress p) {
    draw(
        p.getStage().name(),
        p.getBytesDone(),
        p.getBytesTotal(),
        p.getChunksDone() + "/" + p.getChunksTotal() + " chunks",
        p.getBytesDone(),
        bytes(p.getBytesDone()) + "/" + bytes(p.getBytesTotal()));
  }

  /**
   * A restore: the bar and its ETA by bytes (by files when the total of bytes is unknown), since
   * one large file can be most of an archive and is counted only once it is written whole.
   */
  void update(String status, long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
    boolean byBytes = bytesTotal > 0;
    draw(
        status,
        byBytes ? bytesDone : filesDone,
        byBytes ? bytesTotal : filesTotal,
        filesDone + "/" + filesTotal + " files",
        bytesDone,
        byBytes ? bytes(bytesDone) + "/" + bytes(bytesTotal) : bytes(bytesDone));
  }

  private void draw(
      String stage, long done, long total, String counts, long bytesDone, String volume) {
    long now = nanoClock.getAsLong();
    if (startNanos < 0 && total > 0) {
      startNanos = now;
      startBytes = bytesDone;
    }
    double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = startNanos < 0 ? 0 : (now - startNanos) / 1e9;
    // A view that counts less than the one the rate started from (another source, a retry) gives
    // no rate rather than a negative one.
    double rate = seconds > 0.2 ? Math.max(0, bytesDone - startBytes) / seconds : 0;
    String eta =
        fraction > 0 && seconds > 0.2 ? formatSeconds(seconds * (1 - fraction) / fraction) : "--";
    out.printf(
        Locale.ROOT,
        "\r%-12s [%s%s] %3.0f%%  %s  %s  %s/s  ETA %s   ",
        stage,
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        fraction * 100,
        counts,
        volume,
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
