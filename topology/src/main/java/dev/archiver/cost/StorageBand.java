package dev.archiver.cost;

import java.math.BigDecimal;

/**
 * One volume band of a storage price: GBs up to {@code upToGb} (counted from zero, over all bands)
 * cost {@code pricePerGbMonth}; the last band has no upper bound.
 *
 * @param upToGb the band's upper bound in GB, or null for the last band
 * @param pricePerGbMonth price of a GB stored for a month in this band
 */
public record StorageBand(BigDecimal upToGb, BigDecimal pricePerGbMonth) {}
