package dev.archiver.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostPriceTableTest {

  private static final String GOOD =
      """
      region: eu-central-1
      currency: EUR
      as-of: "2025-01-15"
      classes:
        - name: FILESYSTEM
          storage-per-gb-month: 0.05
        - name: S3_GLACIER
          storage-per-gb-month: 0.0045
          minimum-days: 90
          thaw:
            bulk: {per-gb: 0, per-1000-requests: 0}
      """;

  @TempDir Path dir;

  private ArchiverConfig config(Map<String, String> settings) {
    return ArchiverConfig.defaultsWith(settings);
  }

  @Test
  void shouldShipDatedUsEast1ListPricesForEveryTier() {
    PriceTable table = PriceTable.builtIn();

    assertThat(table.region()).isEqualTo("us-east-1");
    assertThat(table.currency()).isEqualTo("USD");
    assertThat(table.asOf()).isEqualTo(LocalDate.parse("2024-06-01"));
    assertThat(table.note()).contains("prices change");
    assertThat(table.classes())
        .extracting(ClassPrices::name)
        .containsExactly(
            "FILESYSTEM",
            "S3_STANDARD",
            "S3_STANDARD_IA",
            "S3_GLACIER_IR",
            "S3_GLACIER",
            "S3_DEEP_ARCHIVE");
    ClassPrices deep = table.find("S3_DEEP_ARCHIVE").orElseThrow();
    assertThat(deep.minimumDays()).isEqualTo(180);
    assertThat(deep.thaw()).containsOnlyKeys(RetrievalTier.STANDARD, RetrievalTier.BULK);
    assertThat(table.find("S3_STANDARD_IA").orElseThrow().minimumDays()).isEqualTo(30);
    assertThat(table.find("S3_GLACIER").orElseThrow().minimumDays()).isEqualTo(90);
    assertThat(table.find("FILESYSTEM").orElseThrow().note()).contains("your own disk");
  }

  @Test
  void shouldUseTheFileCostPricesNames() throws IOException {
    Path file = Files.writeString(dir.resolve("prices.yaml"), GOOD);

    PriceTable table = CostPrices.fromConfig(config(Map.of("cost.prices", file.toString())));

    assertThat(table.region()).isEqualTo("eu-central-1");
    assertThat(table.asOf()).isEqualTo(LocalDate.parse("2025-01-15"));
    assertThat(table.classes())
        .extracting(ClassPrices::name)
        .containsExactly("FILESYSTEM", "S3_GLACIER");
    assertThat(table.find("S3_GLACIER").orElseThrow().basePricePerGbMonth())
        .isEqualByComparingTo("0.0045");
  }

  @Test
  void shouldReadAJsonPriceTableToo() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("prices.json"),
            "{\"region\": \"r\", \"currency\": \"USD\", \"as-of\": \"2025-02-01\","
                + " \"classes\": [{\"name\": \"S3_STANDARD\", \"storage-per-gb-month\": 0.025}]}");

    PriceTable table = CostPrices.fromConfig(config(Map.of("cost.prices", file.toString())));

    assertThat(table.find("S3_STANDARD").orElseThrow().basePricePerGbMonth())
        .isEqualByComparingTo("0.025");
  }

  @Test
  void shouldPriceTheOwnDiskFromItsKeyOverTheTable() throws IOException {
    Path file = Files.writeString(dir.resolve("prices.yaml"), GOOD);

    PriceTable builtIn =
        CostPrices.fromConfig(config(Map.of("cost.filesystem.price-per-gb-month", "0.02")));
    PriceTable fromFile =
        CostPrices.fromConfig(
            config(
                Map.of(
                    "cost.prices", file.toString(), "cost.filesystem.price-per-gb-month", "0.01")));

    assertThat(builtIn.find("FILESYSTEM").orElseThrow().storagePerMonth(BigDecimal.TEN))
        .isEqualByComparingTo("0.2");
    assertThat(fromFile.find("FILESYSTEM").orElseThrow().storagePerMonth(BigDecimal.TEN))
        .isEqualByComparingTo("0.1");
  }

  @Test
  void shouldRefuseAFilesystemPriceThatIsNotANumber() {
    assertThatThrownBy(() -> config(Map.of("cost.filesystem.price-per-gb-month", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cost.filesystem.price-per-gb-month = '-1'")
        .hasMessageContaining("a price of 0 or more");
  }

  @Test
  void shouldNameTheKeyEveryProblemAndTheFixForABadFile() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
            region: us-east-1
            as-of: June 2024
            classes:
              - name: S3_GLACIER
                storage-per-gb: 0.0036
                minimum-days: -1
                thaw:
                  instant: {per-gb: 0.1, per-1000-requests: 0}
                  bulk: {per-gb: -0.01, per-1000-requests: 0}
              - name: S3_GLACIER
                storage-per-gb-month:
                  - {up-to-gb: 100, price: 0.01}
                  - {up-to-gb: 50, price: 0.009}
                  - {up-to-gb: 200, price: 0.008}
            """);

    assertThatThrownBy(() -> CostPrices.fromConfig(config(Map.of("cost.prices", file.toString()))))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e -> {
              ConfigException.Problem problem = ((ConfigException) e).problems().get(0);
              assertThat(problem.key()).isEqualTo("cost.prices");
              assertThat(problem.value()).isEqualTo(file.toString());
              assertThat(problem.fix()).contains("set cost.prices (or ARCHIVER_COST_PRICES)");
              assertThat(problem.problem())
                  .contains(
                      "currency: missing",
                      "as-of: 'June 2024' must be a date as YYYY-MM-DD",
                      "classes[0] (S3_GLACIER).storage-per-gb: unknown field",
                      "classes[0] (S3_GLACIER).storage-per-gb-month: missing",
                      "classes[0] (S3_GLACIER).minimum-days: '-1' must be a whole number of days",
                      "classes[0] (S3_GLACIER).thaw.instant: unknown retrieval tier",
                      "classes[0] (S3_GLACIER).thaw.bulk.per-gb: '-0.01' must be a number, 0 or more",
                      "classes[1].name: 'S3_GLACIER' is priced twice",
                      "storage-per-gb-month[1].up-to-gb: 50 must be above the band before it (100)",
                      "storage-per-gb-month[2].up-to-gb: the last band must have no up-to-gb");
            });
  }

  @Test
  void shouldNameTheKeyWhenTheFileIsMissingOrNotYaml() throws IOException {
    Path notYaml = Files.writeString(dir.resolve("broken.yaml"), "classes: [unclosed\n");

    assertThatThrownBy(
            () ->
                CostPrices.fromConfig(
                    config(Map.of("cost.prices", dir.resolve("nope.yaml").toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "cost.prices = '" + dir.resolve("nope.yaml") + "' (command-line flag): no such file")
        .hasMessageContaining("fix: set cost.prices");
    assertThatThrownBy(
            () -> CostPrices.fromConfig(config(Map.of("cost.prices", notYaml.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not YAML or JSON");
  }
}
