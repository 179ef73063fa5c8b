package dev.archiver.cost;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Names people use for storage classes: the class itself (S3_GLACIER, in any case) or the
 * operator's tier name of {@code archive --tier} (glacier).
 */
public final class TierNames {

  /** Operator names to classes; the first name of each class is the one tables show. */
  private static final Map<String, String> ALIASES = new LinkedHashMap<>();

  static {
    ALIASES.put("hot", "FILESYSTEM");
    ALIASES.put("filesystem", "FILESYSTEM");
    ALIASES.put("standard", "S3_STANDARD");
    ALIASES.put("ia", "S3_STANDARD_IA");
    ALIASES.put("glacier-ir", "S3_GLACIER_IR");
    ALIASES.put("glacier", "S3_GLACIER");
    ALIASES.put("deep-archive", "S3_DEEP_ARCHIVE");
    ALIASES.put("deep", "S3_DEEP_ARCHIVE");
  }

  private TierNames() {}

  /** The class a name means, if it is a class of {@code table} or an alias of one. */
  public static Optional<ClassPrices> resolve(String name, PriceTable table) {
    String trimmed = name.trim();
    String className =
        ALIASES.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed.toUpperCase(Locale.ROOT));
    return table.find(className);
  }

  /** The operator's short name of a class, or empty when it has none. */
  public static Optional<String> shortName(String className) {
    return ALIASES.entrySet().stream()
        .filter(e -> e.getValue().equals(className))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Every name {@link #resolve} accepts for the classes of {@code table}, for messages. */
  public static String accepted(PriceTable table) {
    StringBuilder names = new StringBuilder();
    for (ClassPrices prices : table.classes()) {
      if (names.length() > 0) {
        names.append(", ");
      }
      names.append(
          shortName(prices.name()).map(s -> s + " (" + prices.name() + ")").orElse(prices.name()));
    }
    return names.toString();
  }
}
