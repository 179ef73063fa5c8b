package dev.archiver.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * What one class costs for one {@link Usage}. Amounts are exact (no rounding but the 30-day
 * proration of early deletion, to 10 decimals); round them only to show them.
 *
 * @param prices the class priced
 * @param storagePerMonth storing the size for a month
 * @param retrievalPerMonth reading back the GB retrieved a month: data retrieval or thaw per GB,
 *     thaw requests and GETs, one per object; empty when the class does not offer the retrieval
 *     tier asked for
 * @param uploads the PUT requests that store the size once, one per object
 * @param minimumCharge storage billed at least, for the class's minimum duration (zero when it has
 *     none): what removing the data at once still costs
 * @param earlyDeletion the part of the minimum charge not covered by the months stored
 * @param total storage for the months, the early deletion charge, retrieval for the months and the
 *     uploads; empty when retrieval is
 */
public record CostEstimate(
    ClassPrices prices,
    BigDecimal storagePerMonth,
    Optional<BigDecimal> retrievalPerMonth,
    BigDecimal uploads,
    BigDecimal minimumCharge,
    BigDecimal earlyDeletion,
    Optional<BigDecimal> total) {

  private static final int PRORATION_SCALE = 10;

  /** Prices {@code usage} in the class {@code prices}. */
  public static CostEstimate of(ClassPrices prices, Usage usage) {
    BigDecimal storage = prices.storagePerMonth(usage.sizeGb());
    Optional<BigDecimal> retrieval = retrievalPerMonth(prices, usage);
    BigDecimal uploads = per1000(usage.objects(usage.sizeGb()), prices.putPer1000());
    BigDecimal minimum = prorated(storage, prices.minimumDays());
    int uncovered = prices.minimumDays() - usage.months() * Usage.DAYS_PER_MONTH;
    BigDecimal early = uncovered > 0 ? prorated(storage, uncovered) : BigDecimal.ZERO;
    BigDecimal months = BigDecimal.valueOf(usage.months());
    Optional<BigDecimal> total =
        retrieval.map(
            r -> storage.multiply(months).add(early).add(r.multiply(months)).add(uploads));
    return new CostEstimate(prices, storage, retrieval, uploads, minimum, early, total);
  }

  /** True when the total includes storage billed for the minimum duration beyond the months. */
  public boolean billedForMinimum() {
    return earlyDeletion.signum() > 0;
  }

  private static Optional<BigDecimal> retrievalPerMonth(ClassPrices prices, Usage usage) {
    BigDecimal gb = usage.retrievalGbPerMonth();
    if (gb.signum() == 0) {
      return Optional.of(BigDecimal.ZERO);
    }
    long objects = usage.objects(gb);
    BigDecimal gets = per1000(objects, prices.getPer1000());
    if (!prices.needsThaw()) {
      return Optional.of(gb.multiply(prices.retrievalPerGb()).add(gets));
    }
    ThawPrice thaw = prices.thaw().get(usage.retrievalTier());
    if (thaw == null) {
      return Optional.empty();
    }
    return Optional.of(
        gb.multiply(thaw.perGb()).add(per1000(objects, thaw.per1000Requests())).add(gets));
  }

  private static BigDecimal per1000(long count, BigDecimal pricePer1000) {
    return BigDecimal.valueOf(count).multiply(pricePer1000).movePointLeft(3);
  }

  private static BigDecimal prorated(BigDecimal perMonth, int days) {
    return perMonth
        .multiply(BigDecimal.valueOf(days))
        .divide(BigDecimal.valueOf(Usage.DAYS_PER_MONTH), PRORATION_SCALE, RoundingMode.HALF_UP);
  }
}
