package dev.archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class BenchProcessesTest {

  @TempDir Path dir;

  @Test
  void shouldTakeTheLargestOccupancyAfterACollectionFromAGcLog() throws Exception {
    Path log = dir.resolve("gc.log");
    Files.writeString(
        log,
        """
        [0.004s][info][gc] Using G1
        [1.204s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 5.1ms
        [9.870s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 180M->71M(256M) 9.0ms
        [9.990s][info][gc] GC(2) Pause Remark 90M->88M(256M) 1.2ms
        [12.10s][info][gc] GC(3) Pause Full (System.gc()) 1G->512K(1G) 40.3ms
        [13.00s][info][gc] GC(4) Concurrent Mark Cycle 30.101ms
        """);

    assertThat(BenchProcesses.peakHeapAfterGc(log)).hasValue(88L << 20);
  }

  @Test
  void shouldHaveNoPeakWithoutACollectionOrALog() throws Exception {
    Path log = dir.resolve("gc.log");
    Files.writeString(log, "[0.004s][info][gc] Using G1\n");

    assertThat(BenchProcesses.peakHeapAfterGc(log)).isEmpty();
    assertThat(BenchProcesses.peakHeapAfterGc(dir.resolve("absent.log"))).isEmpty();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against hanging, not a timing
  void shouldStopACliCommandWhenTheServiceItWaitsOnExits() throws Exception {
    Process service = new ProcessBuilder("sleep", "1").start();

    BenchProcesses.CliRun run =
        BenchProcesses.cli(
            List.of("sleep", "600"),
            Map.of(),
            List.of(),
            dir.resolve("err.log"),
            Optional.of(service.toHandle()));

    assertThat(run.serviceExited()).isTrue();
    assertThat(run.exit()).isNotZero();
  }

  @Test
  void shouldRunACliCommandToItsEndWhileTheServiceLives() throws Exception {
    Process service = new ProcessBuilder("sleep", "600").start();
    try {
      BenchProcesses.CliRun run =
          BenchProcesses.cli(
              List.of("echo"),
              Map.of(),
              List.of("requested", "x"),
              dir.resolve("err.log"),
              Optional.of(service.toHandle()));

      assertThat(run.serviceExited()).isFalse();
      assertThat(run.exit()).isZero();
      assertThat(run.out()).containsExactly("requested x");
    } finally {
      service.destroy();
    }
  }
}
