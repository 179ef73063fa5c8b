package dev.archiver.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Which settings hold secrets, and how they are shown: never in full. {@code config show},
 * configuration errors, logs and /health all go through here, so a password written into the config
 * never reaches a terminal or a log file.
 */
public final class Secrets {

  /** What a hidden value is shown as (the same word Kafka's own config dump uses). */
  public static final String HIDDEN = "[hidden]";

  // Whole words of a key name that mark it secret; "key" as a word (ssl.keystore.key), not inside
  // "keystore".
  private static final Set<String> SECRET_WORDS =
      Set.of("password", "passphrase", "secret", "token", "jaas", "key");

  private Secrets() {}

  /**
   * True for keys whose value must never be shown: by name, and for Kafka settings by Kafka's own
   * PASSWORD type.
   */
  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    boolean byName =
        Arrays.stream(lower.split("[^a-z0-9]+"))
            .anyMatch(
                word ->
                    SECRET_WORDS.contains(word)
                        || word.contains("password")
                        || word.contains("secret"));
    return byName
        || (lower.startsWith(ConfigKeys.KAFKA_CLIENT.prefix())
            && KafkaClientNames.isPassword(
                lower.substring(ConfigKeys.KAFKA_CLIENT.prefix().length())));
  }

  /** The value as it may be shown for {@code key}. */
  public static String display(String key, String value) {
    if (value == null) {
      return null;
    }
    if (isSecret(key) && !value.isEmpty()) {
      return HIDDEN;
    }
    return value.contains("://") ? redactUrl(value) : value;
  }

  /**
   * A URL without the password of its user info (http://user:pw@host/ becomes
   * http://user:[hidden]@host/).
   */
  public static String redactUrl(String url) {
    try {
      URI uri = URI.create(url.trim());
      String userInfo = uri.getRawUserInfo();
      if (userInfo == null) {
        return url;
      }
      int colon = userInfo.indexOf(':');
      String shown = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":" + HIDDEN;
      return url.replace(userInfo + "@", shown + "@");
    } catch (IllegalArgumentException notAUri) {
      return url.contains("@") ? HIDDEN : url;
    }
  }
}
