package dev.archiver.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Prices of every storage class, for one region, as of one date.
 *
 * @param region where the prices apply (us-east-1)
 * @param currency what they are in (USD)
 * @param asOf the day the figures reflect
 * @param source where they were taken from
 * @param note what the figures leave out, for people
 * @param classes every priced class, in the order tables list them
 */
public record PriceTable(
    String region,
    String currency,
    LocalDate asOf,
    String source,
    String note,
    List<ClassPrices> classes) {

  /** The built-in table, a resource of this package. */
  public static final String BUILT_IN = "aws-s3-us-east-1.yaml";

  public PriceTable {
    classes = List.copyOf(classes);
  }

  /** The published AWS S3 list prices for us-east-1 the archiver ships. */
  public static PriceTable builtIn() {
    try (InputStream in = PriceTable.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("resource " + BUILT_IN + " is missing from the archiver");
      }
      return PriceTableReader.read(in, "built-in " + BUILT_IN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The class of that name, if priced. */
  public Optional<ClassPrices> find(String className) {
    return classes.stream().filter(c -> c.name().equals(className)).findFirst();
  }

  /** This table with one class's storage price replaced by a flat one; unchanged if not priced. */
  public PriceTable withStoragePrice(String className, BigDecimal pricePerGbMonth) {
    return new PriceTable(
        region,
        currency,
        asOf,
        source,
        note,
        classes.stream()
            .map(c -> c.name().equals(className) ? c.withStoragePrice(pricePerGbMonth) : c)
            .toList());
  }

  /** One line naming what the prices are and when they are from. */
  public String describe() {
    return "prices: " + source + ", " + region + ", " + currency + ", as of " + asOf;
  }
}
