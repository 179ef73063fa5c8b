package dev.archiver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.cli.ArchiverCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bench at a tiny size, so it cannot rot: every row is measured and the restored trees equal
 * their source. No timing is asserted; the figures of a CI machine mean nothing.
 */
class BenchCommandIT {

  @TempDir Path work;

  @Test
  void shouldMeasureEveryRowAndRestoreTheSameTreeWhenRunAtATinySize() throws Exception {
    Path json = work.resolve("bench.json");

    String out =
        bench(
            json,
            "--size",
            "3MiB",
            "--small-runs",
            "5",
            "--cli-runs",
            "1",
            "--service-heap",
            "384MiB",
            "--work-dir",
            work.resolve("bench").toString());

    JsonNode report = new ObjectMapper().readTree(json.toFile());
    List<String> keys = new ArrayList<>();
    report.path("rows").forEach(row -> keys.add(row.path("key").asText()));
    assertThat(keys)
        .containsExactly(
            "archive.acceptedToCompleted",
            "archive.waitWall",
            "verify.waitWall",
            "restore.waitWall",
            "cli.startToRequest",
            "cli.completionToOutcome");
    report
        .path("rows")
        .forEach(row -> assertThat(row.path("oursSeconds").isNumber()).as(row.toString()).isTrue());
    assertThat(report.path("restoreMatched").asBoolean()).isTrue();
    assertThat(report.path("baselineRestoreMatched").asBoolean()).isTrue();
    assertThat(report.path("corpus").path("files").asInt()).isGreaterThan(400);
    assertThat(report.path("smallRuns").path("runs").asInt()).isEqualTo(5);
    assertThat(report.path("smallRuns").path("failed").asInt()).isZero();
    assertThat(report.path("smallRuns").path("p99Seconds").isNumber()).isTrue();
    assertThat(report.path("peakRssBytes").path("service").asLong()).isPositive();
    assertThat(report.path("serviceHeap").path("maxBytes").asLong()).isEqualTo(384L << 20);
    assertThat(report.path("serviceHeap").path("peakAfterGcBytes").asLong())
        .as("read from the service's gc log, and under its cap")
        .isPositive()
        .isLessThanOrEqualTo(384L << 20);
    assertThat(out).contains("ratio = baseline / ours");
  }

  @Test
  void shouldBenchAnS3TierOnTheEmbeddedS3Server() throws Exception {
    Path json = work.resolve("bench-s3.json");

    String out =
        bench(
            json,
            "--tier",
            "standard",
            "--size",
            "3MiB",
            "--small-runs",
            "0",
            "--cli-runs",
            "0",
            "--work-dir",
            work.resolve("bench-s3").toString());

    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.path("tier").asText()).isEqualTo("S3_STANDARD");
    assertThat(out).contains("tier: S3_STANDARD");
    assertThat(report.path("restoreMatched").asBoolean()).isTrue();
    assertThat(report.path("baselineRestoreMatched").asBoolean())
        .as("the baseline read the chunks from the S3 server's files")
        .isTrue();
  }

  /**
   * Runs the bench with {@code args}, a timeout and its JSON report in {@code json}; its output.
   */
  private static String bench(Path json, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ArchiverCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("bench"));
    all.addAll(List.of(args));
    all.addAll(List.of("--timeout", "5m", "--json", json.toString()));

    int exit = cli.execute(all.toArray(String[]::new));

    assertThat(exit).as("exit code; output:%n%s%n%s", out, err).isZero();
    return out.toString();
  }
}
