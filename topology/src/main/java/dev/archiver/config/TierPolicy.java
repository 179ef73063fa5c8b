package dev.archiver.config;

import dev.archiver.events.StorageTier;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where archives go as they age, in the seeds' terms: {@code hot: standard after 1d}, {@code
 * standard: glacier after 30d}. Ages count from the archive's creation, as S3 lifecycle rules do.
 */
public final class TierPolicy {

  private static final Pattern RULE = Pattern.compile("\\s*(\\S+)\\s+after\\s+(\\S+)\\s*");

  /** Move archives of one tier to {@code to} once they are {@code after} old. */
  public record Rule(StorageTier to, Duration after) {}

  private final Map<StorageTier, Rule> rules;

  private TierPolicy(Map<StorageTier, Rule> rules) {
    this.rules = rules;
  }

  /**
   * Parses {@code from -> "to after duration"} entries.
   *
   * @throws IllegalArgumentException naming the entry that does not parse
   */
  public static TierPolicy parse(Map<String, String> entries) {
    Map<StorageTier, Rule> rules = new EnumMap<>(StorageTier.class);
    entries.forEach(
        (from, rule) -> {
          StorageTier source =
              TierNames.parse(from)
                  .orElseThrow(() -> new IllegalArgumentException("unknown tier '" + from + "'"));
          Matcher m = RULE.matcher(rule);
          if (!m.matches()) {
            throw new IllegalArgumentException(
                "'" + from + ": " + rule + "' is not '<tier> after <duration>'");
          }
          StorageTier to =
              TierNames.parse(m.group(1))
                  .orElseThrow(
                      () -> new IllegalArgumentException("unknown tier '" + m.group(1) + "'"));
          Duration after = (Duration) ConfigType.DURATION.parseValue(m.group(2));
          if (to == source || after.isNegative()) {
            throw new IllegalArgumentException("'" + from + ": " + rule + "' moves nowhere");
          }
          rules.put(source, new Rule(to, after));
        });
    return new TierPolicy(rules);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * The tier an archive in {@code tier} made at {@code createdAt} should be in by now, if another.
   */
  public Optional<StorageTier> moveFor(String tier, long createdAt, long now) {
    StorageTier current;
    try {
      current = StorageTier.valueOf(tier);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Rule rule = rules.get(current);
    if (rule == null || now - createdAt < rule.after().toMillis()) {
      return Optional.empty();
    }
    return Optional.of(rule.to());
  }
}
