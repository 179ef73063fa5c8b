package dev.archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `archiver cost` runs without any archiver: these tests start nothing. */
class CostCommandTest {

  private static final String[] CLASSES = {
    "FILESYSTEM", "S3_STANDARD", "S3_STANDARD_IA", "S3_GLACIER_IR", "S3_GLACIER", "S3_DEEP_ARCHIVE"
  };

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = ArchiverCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shouldPriceEveryClassAndSayWhichDatedPricesItUsed() {
    assertThat(run("cost", "--size-gb", "100", "--months", "12")).isZero();

    assertThat(out.toString())
        .contains(CLASSES)
        .contains("Cost of 100 GB stored for 12 months", "us-east-1", "as of 2024-06-01")
        .contains("your own disk");
    // 12 x 100 x 0.023 + 1600 PUTs x 0.005 / 1000 = 27.60 + 0.008
    assertThat(out.toString())
        .containsPattern("S3_STANDARD +standard +2\\.30 +0\\.00 +<0\\.01 +27\\.61");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void shouldCompareTheClassesSideBySideWithTheirThawsMinimumsAndRequests() {
    assertThat(
            run(
                "cost",
                "--size-gb",
                "100",
                "--compare",
                "--retrievals-gb",
                "10",
                "--retrieval-tier",
                "expedited"))
        .isZero();

    String text = out.toString();
    assertThat(text)
        .contains("MINIMUM DAYS", "EARLY DELETE (100 GB)", "PUT/1000", "THAW EXPEDITED");
    // GLACIER: storage 0.36, early delete 0.36 x 90 / 30 = 1.08, expedited 0.03/GB + 10.00/1000
    assertThat(text).containsPattern("S3_GLACIER +0\\.0036 +90 +1\\.08 +0\\.03 +0\\.0004");
    assertThat(text).containsPattern("S3_GLACIER +- +0\\.03 \\+ 10\\.00/1000");
    // DEEP_ARCHIVE has no expedited thaw: no retrieval price, no total, and a line saying why.
    assertThat(text).containsPattern("S3_DEEP_ARCHIVE +deep-archive +0\\.10 +n/a +0\\.08 +n/a");
    assertThat(text).contains("S3_DEEP_ARCHIVE has no expedited thaw; it offers standard, bulk");
    assertThat(text).containsPattern("S3_STANDARD_IA +0\\.0125 +30 +1\\.25");
    assertThat(text).containsPattern("S3_DEEP_ARCHIVE +0\\.00099 +180 +0\\.59");
  }

  @Test
  void shouldShowOneTierByItsOperatorName() {
    assertThat(run("cost", "--size-gb", "1000", "--tier", "glacier")).isZero();

    // 1 month of 1000 x 0.0036 = 3.60, plus 2 more months of the 90-day minimum: 7.20,
    // plus 16000 PUTs x 0.03 / 1000 = 0.48
    assertThat(out.toString())
        .containsPattern("S3_GLACIER +glacier +3\\.60 +0\\.00 +0\\.48 +11\\.28 \\*");
    assertThat(out.toString()).doesNotContain("S3_STANDARD");
  }

  @Test
  void shouldExitTwoOnANegativeSize() {
    assertThat(run("cost", "--size-gb", "-5")).isEqualTo(2);
    assertThat(err.toString()).contains("--size-gb -5 must be 0 or more");
  }

  @Test
  void shouldExitTwoOnAnUnknownTierNamingTheKnownOnes() {
    assertThat(run("cost", "--size-gb", "1", "--tier", "tape")).isEqualTo(2);
    assertThat(err.toString()).contains("--tier 'tape'", "glacier (S3_GLACIER)");
  }

  @Test
  void shouldPointToTheRetrievalTierOptionWhenATierIsAThawSpeed() {
    assertThat(run("cost", "--size-gb", "1", "--tier", "bulk")).isEqualTo(2);
    assertThat(err.toString()).contains("use --retrieval-tier");
    out.getBuffer().setLength(0);
    assertThat(run("cost", "--size-gb", "1", "--retrieval-tier", "fast")).isEqualTo(2);
    assertThat(err.toString()).contains("--retrieval-tier 'fast'");
  }

  @Test
  void shouldExitTwoNamingTheKeyWhenThePriceFileIsBad() throws IOException {
    Path prices = Files.writeString(dir.resolve("prices.yaml"), "region: us-east-1\n");
    Path config = Files.writeString(dir.resolve("archiver.yaml"), "cost.prices: " + prices + "\n");

    assertThat(run("cost", "--size-gb", "1", "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "cost.prices = '" + prices + "'", "classes: must be a list", "fix: set cost.prices");
  }

  @Test
  void shouldFailConfigValidateOnABadPriceFile() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("archiver.yaml"), "cost.prices: " + dir.resolve("none.yaml") + "\n");

    assertThat(run("config", "validate", config.toString())).isEqualTo(ArchiverCli.CONFIG_ERROR);
    assertThat(err.toString()).contains("cost.prices", "no such file");
  }
}
