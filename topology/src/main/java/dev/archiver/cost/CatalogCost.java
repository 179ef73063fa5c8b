package dev.archiver.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The monthly storage cost of what the catalog holds, per tier: the body of {@code GET /api/cost}.
 * Feed it every archive's tier and stored bytes, then ask for {@link #view()}.
 */
public final class CatalogCost {

  /** Decimals of the amounts in the view: hundredths of a cent. */
  static final int MONEY_SCALE = 4;

  private static final int GB_SCALE = 3;

  private final PriceTable prices;
  private final Map<String, long[]> tiers = new TreeMap<>();

  public CatalogCost(PriceTable prices) {
    this.prices = prices;
  }

  /** Counts one archive of {@code bytes} stored in {@code tier}. */
  public CatalogCost add(String tier, long bytes) {
    long[] totals = tiers.computeIfAbsent(tier == null ? "UNKNOWN" : tier, t -> new long[2]);
    totals[0]++;
    totals[1] += bytes;
    return this;
  }

  /**
   * The JSON view: the price table's region, currency and date, then per tier its archives, bytes,
   * GB and monthly storage cost (null when the table has no price for it, with a note), then the
   * totals.
   */
  public Map<String, Object> view() {
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("region", prices.region());
    table.put("currency", prices.currency());
    table.put("asOf", prices.asOf().toString());
    table.put("source", prices.source());
    table.put("note", prices.note());

    List<Map<String, Object>> rows = new ArrayList<>();
    BigDecimal totalCost = BigDecimal.ZERO;
    long totalArchives = 0;
    long totalBytes = 0;
    List<String> order = new ArrayList<>(tiers.keySet());
    order.sort(Comparator.comparingInt(this::position));
    for (String tier : order) {
      long archives = tiers.get(tier)[0];
      long bytes = tiers.get(tier)[1];
      BigDecimal gb = Usage.gb(bytes);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("tier", tier);
      row.put("archives", archives);
      row.put("bytes", bytes);
      row.put("gb", gb.setScale(GB_SCALE, RoundingMode.HALF_UP));
      var priced = TierNames.resolve(tier, prices);
      if (priced.isPresent()) {
        BigDecimal cost = priced.get().storagePerMonth(gb);
        totalCost = totalCost.add(cost);
        row.put("storageClass", priced.get().name());
        row.put("storagePerMonth", money(cost));
        if (!priced.get().note().isEmpty()) {
          row.put("note", priced.get().note());
        }
      } else {
        row.put("storageClass", null);
        row.put("storagePerMonth", null);
        row.put(
            "note",
            "the price table has no class for tier '"
                + tier
                + "'; add one to the file cost.prices names");
      }
      totalArchives += archives;
      totalBytes += bytes;
      rows.add(row);
    }
    Map<String, Object> total = new LinkedHashMap<>();
    total.put("archives", totalArchives);
    total.put("bytes", totalBytes);
    total.put("gb", Usage.gb(totalBytes).setScale(GB_SCALE, RoundingMode.HALF_UP));
    total.put("storagePerMonth", money(totalCost));

    Map<String, Object> view = new LinkedHashMap<>();
    view.put("prices", table);
    view.put("tiers", rows);
    view.put("total", total);
    return view;
  }

  /** Tiers in the price table's order, unpriced ones last. */
  private int position(String tier) {
    return TierNames.resolve(tier, prices)
        .map(p -> prices.classes().indexOf(p))
        .orElse(Integer.MAX_VALUE);
  }

  static BigDecimal money(BigDecimal amount) {
    return amount.setScale(MONEY_SCALE, RoundingMode.HALF_UP);
  }
}
