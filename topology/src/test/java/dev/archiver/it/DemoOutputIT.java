package dev.archiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.cli.ArchiverCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo tells its story on the console; the service's log goes to a file it names. */
class DemoOutputIT {

  @TempDir Path dataDir;

  @Test
  void shouldShowTheNarrativeAndNoLogLines() throws Exception {
    PrintStream systemOut = System.out;
    PrintStream systemErr = System.err;
    ByteArrayOutputStream consoleOut = new ByteArrayOutputStream();
    ByteArrayOutputStream consoleErr = new ByteArrayOutputStream();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    System.setOut(new PrintStream(consoleOut, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(consoleErr, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = ArchiverCli.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      exit =
          cli.execute(
              "demo",
              "--exit",
              "--runs",
              "1",
              "--run-size-mib",
              "2",
              "--data-dir",
              dataDir.toString(),
              "--http-port",
              "0");
    } finally {
      System.setOut(systemOut);
      System.setErr(systemErr);
    }
    String console =
        out
            + "\n"
            + err
            + "\n"
            + consoleOut.toString(StandardCharsets.UTF_8)
            + "\n"
            + consoleErr.toString(StandardCharsets.UTF_8);

    assertThat(exit).as("demo exit code; console:%n%s", console).isZero();
    assertThat(out.toString())
        .contains(
            "archived daq/",
            "intact",
            "restored",
            dataDir.resolve("archiver.log").toString(),
            "archived tiers/",
            "moved ",
            "THAWING",
            "purge-spared",
            "purge-started");
    assertThat(console.lines().filter(line -> line.contains("level=") || line.contains("ts=20")))
        .as("log lines on the console")
        .isEmpty();
    assertThat(dataDir.resolve("archiver.log"))
        .content()
        .contains("event=archiver_started", "event=run_completed");
  }
}
