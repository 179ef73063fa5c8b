package dev.archiver.config;

import dev.archiver.events.StorageTier;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The names operators write tiers with (hot, standard, ia, glacier, deep-archive) or the events'
 * own.
 */
public final class TierNames {

  private static final Map<String, StorageTier> NAMES =
      Map.of(
          "hot", StorageTier.FILESYSTEM,
          "filesystem", StorageTier.FILESYSTEM,
          "standard", StorageTier.S3_STANDARD,
          "ia", StorageTier.S3_STANDARD_IA,
          "glacier", StorageTier.S3_GLACIER,
          "deep-archive", StorageTier.S3_DEEP_ARCHIVE,
          "deep", StorageTier.S3_DEEP_ARCHIVE);

  private TierNames() {}

  public static Optional<StorageTier> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String lower = name.trim().toLowerCase(Locale.ROOT);
    StorageTier named = NAMES.get(lower);
    if (named != null) {
      return Optional.of(named);
    }
    for (StorageTier tier : StorageTier.values()) {
      if (tier != StorageTier.UNKNOWN && tier.name().equalsIgnoreCase(lower)) {
        return Optional.of(tier);
      }
    }
    return Optional.empty();
  }

  public static String written() {
    return "hot, standard, ia, glacier, deep-archive (or FILESYSTEM, S3_STANDARD, ...)";
  }
}
