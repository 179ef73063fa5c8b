package dev.archiver.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.BiFunction;

/**
 * A family of settings handed to a client library under the library's own names: {@code
 * <prefix><name>} in the file, {@code ARCHIVER_<PREFIX>_<NAME>} in the environment. Only the names
 * listed are accepted, so a misspelt security setting stops start-up instead of being ignored while
 * the client connects without it.
 *
 * @param prefix the config key prefix, ending in a dot
 * @param group the concern it belongs to, for the reference page
 * @param targetPrefix what the library's name starts with: the library sees {@code targetPrefix +
 *     name}
 * @param names the accepted names after the prefix
 * @param owned names the archiver sets itself, each with the fix to give when one is configured
 * @param check what is wrong with a value for a name, if anything (phrased to follow the key)
 * @param doc what the settings do and whom they reach
 */
public record ConfigPrefix(
    String prefix,
    String group,
    String targetPrefix,
    SortedSet<String> names,
    Map<String, String> owned,
    BiFunction<String, String, Optional<String>> check,
    String doc) {

  /** The environment variable stem: ARCHIVER_KAFKA_CLIENT_ for kafka.client. */
  public String envPrefix() {
    return envVar("");
  }

  /** The environment variable that sets {@code name}: dots and dashes become underscores. */
  public String envVar(String name) {
    return ("ARCHIVER_" + prefix + name)
        .toUpperCase(Locale.ROOT)
        .replace('.', '_')
        .replace('-', '_');
  }

  /** Config key to the library's name, for the keys under this prefix among {@code settings}. */
  Map<String, String> targets(Map<String, String> settings) {
    Map<String, String> targets = new LinkedHashMap<>();
    settings.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            targets.put(targetPrefix + key.substring(prefix.length()), value);
          }
        });
    return targets;
  }

  /**
   * Each accepted name by its environment variable, to read ARCHIVER_* back into names without
   * guessing at dots.
   */
  Map<String, String> namesByEnvVar() {
    Map<String, String> byEnv = new LinkedHashMap<>();
    names.forEach(n -> byEnv.put(envVar(n), n));
    owned.keySet().forEach(n -> byEnv.put(envVar(n), n));
    return byEnv;
  }
}
