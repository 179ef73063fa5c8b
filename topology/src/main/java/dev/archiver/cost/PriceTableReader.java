package dev.archiver.cost;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a price table (YAML, or JSON, which is YAML too) and checks every field, collecting each
 * problem with the field's path so one run names them all. Unknown fields are problems: a misspelt
 * price would otherwise read as 0.
 */
final class PriceTableReader {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final Set<String> TOP =
      Set.of("region", "currency", "as-of", "source", "note", "classes");
  private static final Set<String> CLASS =
      Set.of(
          "name",
          "description",
          "storage-per-gb-month",
          "minimum-days",
          "put-per-1000",
          "get-per-1000",
          "retrieval-per-gb",
          "thaw",
          "note");
  private static final Set<String> BAND = Set.of("up-to-gb", "price");
  private static final Set<String> THAW = Set.of("per-gb", "per-1000-requests");

  private final List<String> problems = new ArrayList<>();

  private PriceTableReader() {}

  /**
   * Reads and checks a table.
   *
   * @param in the table's bytes
   * @param origin where they come from, for messages
   * @throws PriceTableException naming every problem
   */
  static PriceTable read(InputStream in, String origin) throws IOException {
    JsonNode root;
    try {
      root = YAML.readTree(in);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new PriceTableException(origin, List.of("not YAML or JSON: " + e.getOriginalMessage()));
    }
    PriceTableReader reader = new PriceTableReader();
    PriceTable table = reader.table(root);
    if (!reader.problems.isEmpty()) {
      throw new PriceTableException(origin, reader.problems);
    }
    return table;
  }

  private PriceTable table(JsonNode root) {
    if (root == null || !root.isObject()) {
      problems.add("(top level): must be a map with region, currency, as-of and classes");
      return null;
    }
    onlyKnown(root, TOP, "");
    String region = text(root, "region", "", true);
    String currency = text(root, "currency", "", true);
    String source = text(root, "source", "", false);
    String note = text(root, "note", "", false);
    LocalDate asOf = null;
    String date = text(root, "as-of", "", true);
    if (!date.isEmpty()) {
      try {
        asOf = LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        problems.add(
            "as-of: '" + date + "' must be a date as YYYY-MM-DD: the day the prices reflect");
      }
    }
    List<ClassPrices> classes = new ArrayList<>();
    JsonNode list = root.get("classes");
    if (list == null || !list.isArray() || list.isEmpty()) {
      problems.add("classes: must be a list of at least one priced class");
    } else {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        ClassPrices prices = storageClass(list.get(i), "classes[" + i + "]");
        if (prices != null && !names.add(prices.name())) {
          problems.add("classes[" + i + "].name: '" + prices.name() + "' is priced twice");
        }
        classes.add(prices);
      }
    }
    return problems.isEmpty()
        ? new PriceTable(region, currency, asOf, source, note, classes)
        : null;
  }

  private ClassPrices storageClass(JsonNode node, String path) {
    if (!node.isObject()) {
      problems.add(path + ": must be a map with at least name and storage-per-gb-month");
      return null;
    }
    String name = text(node, "name", path + ".", true);
    if (!name.isEmpty() && !name.matches("[A-Z][A-Z0-9_]*")) {
      problems.add(
          path
              + ".name: '"
              + name
              + "' must be upper case letters, digits and '_', as the archiver's tiers are named (S3_GLACIER)");
    }
    String where = path + (name.isEmpty() ? "" : " (" + name + ")") + ".";
    onlyKnown(node, CLASS, where);
    List<StorageBand> storage =
        bands(node.get("storage-per-gb-month"), where + "storage-per-gb-month");
    int minimumDays = 0;
    JsonNode days = node.get("minimum-days");
    if (days != null) {
      if (days.canConvertToInt() && days.isIntegralNumber() && days.intValue() >= 0) {
        minimumDays = days.intValue();
      } else {
        problems.add(
            where
                + "minimum-days: '"
                + days.asText()
                + "' must be a whole number of days, 0 or more");
      }
    }
    Map<RetrievalTier, ThawPrice> thaw = new EnumMap<>(RetrievalTier.class);
    JsonNode thawNode = node.get("thaw");
    if (thawNode != null) {
      if (!thawNode.isObject() || thawNode.isEmpty()) {
        problems.add(
            where + "thaw: must map expedited, standard or bulk to {per-gb, per-1000-requests}");
      } else {
        for (Map.Entry<String, JsonNode> tier : thawNode.properties()) {
          String tierPath = where + "thaw." + tier.getKey();
          RetrievalTier.parse(tier.getKey())
              .ifPresentOrElse(
                  t -> {
                    if (tier.getValue().isObject()) {
                      onlyKnown(tier.getValue(), THAW, tierPath + ".");
                      thaw.put(
                          t,
                          new ThawPrice(
                              price(tier.getValue(), "per-gb", tierPath + ".", true),
                              price(tier.getValue(), "per-1000-requests", tierPath + ".", true)));
                    } else {
                      problems.add(tierPath + ": must be {per-gb: N, per-1000-requests: N}");
                    }
                  },
                  () ->
                      problems.add(
                          tierPath
                              + ": unknown retrieval tier; the tiers are expedited, standard and bulk"));
        }
      }
    }
    BigDecimal retrieval = price(node, "retrieval-per-gb", where, false);
    if (!thaw.isEmpty() && retrieval.signum() != 0) {
      problems.add(
          where
              + "retrieval-per-gb: a class with thaw prices is read through a thaw; give its price per tier under thaw");
    }
    return new ClassPrices(
        name,
        text(node, "description", where, false),
        storage,
        minimumDays,
        price(node, "put-per-1000", where, false),
        price(node, "get-per-1000", where, false),
        retrieval,
        thaw,
        text(node, "note", where, false));
  }

  private List<StorageBand> bands(JsonNode node, String path) {
    if (node == null) {
      problems.add(path + ": missing; give the price of a GB stored for a month, or volume bands");
      return List.of();
    }
    if (node.isNumber()) {
      return List.of(new StorageBand(null, nonNegative(node, path)));
    }
    if (!node.isArray() || node.isEmpty()) {
      problems.add(path + ": must be a price, or bands [{up-to-gb: N, price: P}, ..., {price: P}]");
      return List.of();
    }
    List<StorageBand> bands = new ArrayList<>();
    BigDecimal below = BigDecimal.ZERO;
    for (int i = 0; i < node.size(); i++) {
      JsonNode band = node.get(i);
      String bandPath = path + "[" + i + "]";
      if (!band.isObject()) {
        problems.add(bandPath + ": must be {up-to-gb: N, price: P}");
        continue;
      }
      onlyKnown(band, BAND, bandPath + ".");
      boolean last = i == node.size() - 1;
      JsonNode upTo = band.get("up-to-gb");
      BigDecimal top = null;
      if (last && upTo != null) {
        problems.add(
            bandPath + ".up-to-gb: the last band must have no up-to-gb: it holds the rest");
      } else if (!last && upTo == null) {
        problems.add(bandPath + ".up-to-gb: missing; every band but the last needs an upper bound");
      } else if (upTo != null) {
        top = nonNegative(upTo, bandPath + ".up-to-gb");
        if (top.compareTo(below) <= 0) {
          problems.add(
              bandPath + ".up-to-gb: " + top + " must be above the band before it (" + below + ")");
        }
        below = top;
      }
      bands.add(new StorageBand(top, price(band, "price", bandPath + ".", true)));
    }
    return bands;
  }

  private BigDecimal price(JsonNode parent, String field, String path, boolean required) {
    JsonNode node = parent.get(field);
    if (node == null) {
      if (required) {
        problems.add(path + field + ": missing; give a price, 0 or more");
      }
      return BigDecimal.ZERO;
    }
    return nonNegative(node, path + field);
  }

  private BigDecimal nonNegative(JsonNode node, String path) {
    if (!node.isNumber() || node.decimalValue().signum() < 0) {
      problems.add(path + ": '" + node.asText() + "' must be a number, 0 or more");
      return BigDecimal.ZERO;
    }
    return node.decimalValue();
  }

  private String text(JsonNode parent, String field, String path, boolean required) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
      if (required) {
        problems.add(path + field + ": missing");
      }
      return "";
    }
    if (!node.isValueNode()) {
      problems.add(path + field + ": must be text");
      return "";
    }
    return node.asText().trim();
  }

  private void onlyKnown(JsonNode node, Set<String> known, String path) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                problems.add(
                    path
                        + f
                        + ": unknown field; known here: "
                        + String.join(", ", known.stream().sorted().toList()));
              }
            });
  }
}
