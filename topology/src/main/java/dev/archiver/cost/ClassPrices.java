package dev.archiver.cost;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The prices of one storage class.
 *
 * @param name the class, as the catalog and the archiver's tiers name it (S3_GLACIER, FILESYSTEM)
 * @param description what it is, for people
 * @param storage volume bands of the storage price, the last one unbounded
 * @param minimumDays minimum storage duration: an object removed earlier is billed for the rest
 * @param putPer1000 PUT, COPY, POST and LIST requests, per 1,000
 * @param getPer1000 GET and other requests, per 1,000
 * @param retrievalPerGb data retrieval price of a class read without a thaw
 * @param thaw for classes read only after a thaw, its price per retrieval tier; empty for the
 *     others
 * @param note what a reader of the numbers should know, or empty
 */
public record ClassPrices(
    String name,
    String description,
    List<StorageBand> storage,
    int minimumDays,
    BigDecimal putPer1000,
    BigDecimal getPer1000,
    BigDecimal retrievalPerGb,
    Map<RetrievalTier, ThawPrice> thaw,
    String note) {

  public ClassPrices {
    storage = List.copyOf(storage);
    thaw = Map.copyOf(thaw);
  }

  /** True when reading an object needs a thaw (restore request) first. */
  public boolean needsThaw() {
    return !thaw.isEmpty();
  }

  /** The price of the first band: what a small archive pays per GB-month. */
  public BigDecimal basePricePerGbMonth() {
    return storage.get(0).pricePerGbMonth();
  }

  /** True when the price per GB falls with volume. */
  public boolean banded() {
    return storage.size() > 1;
  }

  /** What {@code gb} GB stored for one month cost, band by band. */
  public BigDecimal storagePerMonth(BigDecimal gb) {
    BigDecimal cost = BigDecimal.ZERO;
    BigDecimal below = BigDecimal.ZERO;
    for (StorageBand band : storage) {
      if (gb.compareTo(below) <= 0) {
        break;
      }
      BigDecimal top = band.upToGb() == null ? gb : band.upToGb().min(gb);
      cost = cost.add(top.subtract(below).multiply(band.pricePerGbMonth()));
      below = top;
    }
    return cost;
  }

  /** The same class with one flat storage price (the filesystem tier's price from config). */
  public ClassPrices withStoragePrice(BigDecimal pricePerGbMonth) {
    return new ClassPrices(
        name,
        description,
        List.of(new StorageBand(null, pricePerGbMonth)),
        minimumDays,
        putPer1000,
        getPer1000,
        retrievalPerGb,
        thaw,
        note);
  }
}
