package dev.archiver.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostCatalogViewTest {

  private static final long GB = 1L << 30;

  @Test
  @SuppressWarnings("unchecked") // the view is JSON-shaped maps and lists
  void shouldSumTheCatalogPerTierAndPriceEachInTheTablesOrder() {
    CatalogCost cost =
        new CatalogCost(PriceTable.builtIn())
            .add("S3_GLACIER", 300 * GB)
            .add("S3_GLACIER", 200 * GB)
            .add("FILESYSTEM", GB / 2)
            .add("TAPE", 10 * GB);

    Map<String, Object> view = cost.view();

    Map<String, Object> prices = (Map<String, Object>) view.get("prices");
    assertThat(prices).containsEntry("region", "us-east-1").containsEntry("asOf", "2024-06-01");
    List<Map<String, Object>> tiers = (List<Map<String, Object>>) view.get("tiers");
    assertThat(tiers)
        .extracting(t -> t.get("tier"))
        .containsExactly("FILESYSTEM", "S3_GLACIER", "TAPE");
    Map<String, Object> glacier = tiers.get(1);
    assertThat(glacier).containsEntry("archives", 2L).containsEntry("bytes", 500 * GB);
    // 500 GB x 0.0036
    assertThat((BigDecimal) glacier.get("storagePerMonth")).isEqualByComparingTo("1.80");
    assertThat((BigDecimal) tiers.get(0).get("gb")).isEqualByComparingTo("0.5");
    assertThat(tiers.get(2)).containsEntry("storagePerMonth", null);
    assertThat((String) tiers.get(2).get("note"))
        .contains("no class for tier 'TAPE'", "cost.prices");
    Map<String, Object> total = (Map<String, Object>) view.get("total");
    assertThat(total).containsEntry("archives", 4L);
    assertThat((BigDecimal) total.get("storagePerMonth")).isEqualByComparingTo("1.80");
  }

  @Test
  void shouldReadTheOperatorsTierNamesToo() {
    Map<String, Object> view =
        new CatalogCost(PriceTable.builtIn()).add("deep-archive", 1000 * GB).view();

    @SuppressWarnings("unchecked") // the view is JSON-shaped maps and lists
    Map<String, Object> deep = ((List<Map<String, Object>>) view.get("tiers")).get(0);
    assertThat(deep).containsEntry("storageClass", "S3_DEEP_ARCHIVE");
    assertThat((BigDecimal) deep.get("storagePerMonth"))
        .isEqualByComparingTo("0.99"); // 1000 x 0.00099
  }
}
