package dev.archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The CLI's progress line: rate and counts as an operator reads them. */
class ProgressBarTest {

  private final StringWriter text = new StringWriter();
  private final AtomicLong nanos = new AtomicLong();
  private final ProgressBar bar = new ProgressBar(new PrintWriter(text), nanos::get);

  private String lastLine() {
    String all = text.toString();
    return all.substring(all.lastIndexOf('\r') + 1);
  }

  @Test
  void shouldShowTheRateOfBytesSinceTheFirstView() {
    bar.update("RESTORING", 0, 420, 0, 0);
    nanos.set(2_000_000_000L);
    bar.update("RESTORING", 0, 420, 200L << 20, 0);

    assertThat(lastLine()).contains("0/420 files").contains("200.0 MiB").contains("100.0 MiB/s");
  }

  @Test
  void shouldNeverShowANegativeRateWhenAViewCountsLess() {
    bar.update("RESTORING", 0, 420, 100L << 20, 0);
    nanos.set(2_000_000_000L);
    bar.update("RESTORING", 0, 420, 0, 0);

    assertThat(lastLine()).doesNotContainPattern("-[0-9]").contains("  0 B/s");
  }

  @Test
  void shouldCountARestoreByBytesWhileOneLargeFileIsStillBeingWritten() {
    bar.update("RESTORING", 0, 420, 0, 1L << 30);
    nanos.set(2_000_000_000L);
    bar.update("RESTORING", 0, 420, 512L << 20, 1L << 30);

    assertThat(lastLine())
        .contains(" 50%")
        .contains("0/420 files")
        .contains("512.0 MiB/1.0 GiB")
        .contains("ETA 2s");
  }
}
