package dev.archiver.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What is priced: how much is stored, for how long, and how much of it is read back.
 *
 * @param sizeGb GB stored (GB of 2^30 bytes, as AWS bills)
 * @param months how long it stays, in 30-day months
 * @param retrievalGbPerMonth GB read back each month
 * @param retrievalTier how fast cold classes thaw what is read back
 * @param objectBytes bytes per stored object (the archiver's chunk size), for request counts
 */
public record Usage(
    BigDecimal sizeGb,
    int months,
    BigDecimal retrievalGbPerMonth,
    RetrievalTier retrievalTier,
    long objectBytes) {

  /** Bytes in the GB prices are quoted in. */
  public static final long BYTES_PER_GB = 1L << 30;

  /** Days in the month the minimum storage durations are counted in. */
  public static final int DAYS_PER_MONTH = 30;

  public Usage {
    if (sizeGb.signum() < 0) {
      throw new IllegalArgumentException("the size must be 0 GB or more, not " + sizeGb);
    }
    if (months < 1) {
      throw new IllegalArgumentException("months must be 1 or more, not " + months);
    }
    if (retrievalGbPerMonth.signum() < 0) {
      throw new IllegalArgumentException(
          "the GB retrieved a month must be 0 or more, not " + retrievalGbPerMonth);
    }
    if (objectBytes < 1) {
      throw new IllegalArgumentException("the object size must be 1 byte or more");
    }
  }

  /** How many objects of {@link #objectBytes} hold {@code gb} GB: a part object counts as one. */
  public long objects(BigDecimal gb) {
    BigDecimal bytes = gb.multiply(BigDecimal.valueOf(BYTES_PER_GB));
    return bytes.divide(BigDecimal.valueOf(objectBytes), 0, RoundingMode.CEILING).longValueExact();
  }

  /** GB in {@code bytes}, exactly (2^30 divides into a finite decimal). */
  public static BigDecimal gb(long bytes) {
    return new BigDecimal(bytes).divide(BigDecimal.valueOf(BYTES_PER_GB));
  }
}
