package dev.archiver.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Every expected amount is worked out by hand from the built-in us-east-1 prices, in the comment
 * beside it. Objects are 64 MiB, so a GB is 16 objects.
 */
class CostEstimateTest {

  private static final long MIB_64 = 64L << 20;
  private final PriceTable prices = PriceTable.builtIn();

  private CostEstimate estimate(String className, Usage usage) {
    return CostEstimate.of(prices.find(className).orElseThrow(), usage);
  }

  private static Usage stored(String gb, int months) {
    return new Usage(new BigDecimal(gb), months, BigDecimal.ZERO, RetrievalTier.STANDARD, MIB_64);
  }

  private static Usage read(String gb, String retrievedGb, RetrievalTier tier) {
    return new Usage(new BigDecimal(gb), 12, new BigDecimal(retrievedGb), tier, MIB_64);
  }

  @Test
  void shouldPriceAYearOfStandardStorageWithItsUploads() {
    CostEstimate standard = estimate("S3_STANDARD", stored("100", 12));

    assertThat(standard.storagePerMonth()).isEqualByComparingTo("2.30"); // 100 x 0.023
    assertThat(standard.uploads()).isEqualByComparingTo("0.008"); // 1600 PUTs x 0.005 / 1000
    assertThat(standard.earlyDeletion()).isZero();
    assertThat(standard.minimumCharge()).isZero();
    assertThat(standard.total())
        .hasValueSatisfying(t -> assertThat(t).isEqualByComparingTo("27.608"));
  }

  @Test
  void shouldChargeStandardStorageBandByBandAboveFiftyTerabytes() {
    // 600 TB = 614400 GB: 51200 x 0.023 + 460800 x 0.022 + 102400 x 0.021
    // = 1177.6 + 10137.6 + 2150.4
    assertThat(estimate("S3_STANDARD", stored("614400", 1)).storagePerMonth())
        .isEqualByComparingTo("13465.6");
    // Exactly at the first bound nothing spills into the second band.
    assertThat(estimate("S3_STANDARD", stored("51200", 1)).storagePerMonth())
        .isEqualByComparingTo("1177.6");
  }

  @Test
  void shouldAddTheEarlyDeletionChargeWhenTheMonthsAreShorterThanTheMinimumDuration() {
    CostEstimate glacier = estimate("S3_GLACIER", stored("100", 1));

    assertThat(glacier.storagePerMonth()).isEqualByComparingTo("0.36"); // 100 x 0.0036
    assertThat(glacier.minimumCharge()).isEqualByComparingTo("1.08"); // 0.36 x 90 / 30
    assertThat(glacier.earlyDeletion()).isEqualByComparingTo("0.72"); // 0.36 x (90 - 30) / 30
    assertThat(glacier.billedForMinimum()).isTrue();
    // 0.36 + 0.72 + 1600 x 0.03 / 1000 = 0.36 + 0.72 + 0.048
    assertThat(glacier.total())
        .hasValueSatisfying(t -> assertThat(t).isEqualByComparingTo("1.128"));
  }

  @Test
  void shouldChargeNoEarlyDeletionOnceTheMonthsCoverTheMinimumDuration() {
    CostEstimate deep = estimate("S3_DEEP_ARCHIVE", stored("100", 6));

    assertThat(deep.storagePerMonth()).isEqualByComparingTo("0.099"); // 100 x 0.00099
    assertThat(deep.minimumCharge()).isEqualByComparingTo("0.594"); // 0.099 x 180 / 30
    assertThat(deep.earlyDeletion()).isZero(); // 6 x 30 = 180 days
    // 6 x 0.099 + 1600 x 0.05 / 1000 = 0.594 + 0.08
    assertThat(deep.total()).hasValueSatisfying(t -> assertThat(t).isEqualByComparingTo("0.674"));
  }

  @Test
  void shouldPriceAnExpeditedThawPerGbPerRestoreRequestAndPerGet() {
    CostEstimate glacier = estimate("S3_GLACIER", read("100", "10", RetrievalTier.EXPEDITED));

    // 10 GB = 160 objects: 10 x 0.03 + 160 x 10.00 / 1000 + 160 x 0.0004 / 1000
    // = 0.30 + 1.60 + 0.000064
    assertThat(glacier.retrievalPerMonth())
        .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("1.900064"));
    // 12 x 0.36 + 12 x 1.900064 + 0.048 = 4.32 + 22.800768 + 0.048
    assertThat(glacier.total())
        .hasValueSatisfying(t -> assertThat(t).isEqualByComparingTo("27.168768"));
  }

  @Test
  void shouldPriceBulkThawsOfDeepArchive() {
    CostEstimate deep = estimate("S3_DEEP_ARCHIVE", read("100", "10", RetrievalTier.BULK));

    // 10 x 0.0025 + 160 x 0.025 / 1000 + 160 x 0.0004 / 1000 = 0.025 + 0.004 + 0.000064
    assertThat(deep.retrievalPerMonth())
        .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("0.029064"));
  }

  @Test
  void shouldPriceReadsOfAClassWithoutThawAtItsRetrievalPrice() {
    CostEstimate ia = estimate("S3_STANDARD_IA", read("100", "10", RetrievalTier.EXPEDITED));

    // No thaw, whatever the tier asked: 10 x 0.01 + 160 x 0.001 / 1000 = 0.1 + 0.00016
    assertThat(ia.retrievalPerMonth())
        .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("0.10016"));
  }

  @Test
  void shouldLeaveRetrievalAndTotalOpenWhenTheClassDoesNotOfferTheTierAsked() {
    CostEstimate deep = estimate("S3_DEEP_ARCHIVE", read("100", "10", RetrievalTier.EXPEDITED));

    assertThat(deep.retrievalPerMonth()).isEmpty();
    assertThat(deep.total()).isEmpty();
    assertThat(deep.storagePerMonth()).isEqualByComparingTo("0.099");
  }

  @Test
  void shouldCostNothingOnTheOwnDiskUnlessItIsPriced() {
    assertThat(estimate("FILESYSTEM", stored("1000", 12)).total())
        .hasValueSatisfying(t -> assertThat(t).isZero());

    PriceTable priced = prices.withStoragePrice("FILESYSTEM", new BigDecimal("0.02"));
    CostEstimate disk =
        CostEstimate.of(priced.find("FILESYSTEM").orElseThrow(), stored("1000", 12));
    assertThat(disk.storagePerMonth()).isEqualByComparingTo("20"); // 1000 x 0.02
    assertThat(disk.total()).hasValueSatisfying(t -> assertThat(t).isEqualByComparingTo("240"));
  }

  @Test
  void shouldCountAPartObjectAsAWholeRequest() {
    Usage usage = stored("1", 1);

    assertThat(usage.objects(new BigDecimal("1"))).isEqualTo(16);
    assertThat(usage.objects(new BigDecimal("1.01"))).isEqualTo(17);
    assertThat(usage.objects(BigDecimal.ZERO)).isZero();
  }

  @Test
  void shouldRefuseANegativeSize() {
    assertThatThrownBy(() -> stored("-1", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 GB or more");
  }
}
