package dev.archiver.config;

import java.util.function.Predicate;

/**
 * One configuration key, declared once: its type, default, rule and meaning. The docs' config
 * reference and the validation messages are both derived from these declarations.
 *
 * @param name dotted key as written in the config file
 * @param group the concern it belongs to, for the reference page
 * @param type how the value is parsed
 * @param defaultValue raw default, or null when the key has no default (empty means "derived", see
 *     doc)
 * @param rule an extra check on the parsed value
 * @param ruleText what the rule asks for, phrased to follow "must be"
 * @param doc what the key does
 */
public record ConfigKey(
    String name,
    String group,
    ConfigType type,
    String defaultValue,
    Predicate<Object> rule,
    String ruleText,
    String doc) {

  /**
   * The environment variable that overrides this key: ARCHIVER_ + upper case, dots and dashes to
   * underscores.
   */
  public String envVar() {
    return "ARCHIVER_"
        + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  static ConfigKey of(String name, String group, ConfigType type, String defaultValue, String doc) {
    return new ConfigKey(name, group, type, defaultValue, v -> true, null, doc);
  }

  ConfigKey withRule(Predicate<Object> newRule, String newRuleText) {
    return new ConfigKey(name, group, type, defaultValue, newRule, newRuleText, doc);
  }
}
