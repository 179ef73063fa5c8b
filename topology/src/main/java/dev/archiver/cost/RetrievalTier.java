package dev.archiver.cost;

import java.util.Locale;
import java.util.Optional;

/** How fast a thaw of a cold class is asked for: S3's retrieval tiers. */
public enum RetrievalTier {
  EXPEDITED,
  STANDARD,
  BULK;

  /** The name as written in price tables and on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** expedited, standard or bulk, in any case. */
  public static Optional<RetrievalTier> parse(String text) {
    for (RetrievalTier tier : values()) {
      if (tier.label().equalsIgnoreCase(text.trim())) {
        return Optional.of(tier);
      }
    }
    return Optional.empty();
  }
}
