package dev.archiver.cost;

import java.math.BigDecimal;

/**
 * What a thaw at one retrieval tier costs.
 *
 * @param perGb price per GB thawed
 * @param per1000Requests price per 1,000 restore requests (one per object)
 */
public record ThawPrice(BigDecimal perGb, BigDecimal per1000Requests) {}
