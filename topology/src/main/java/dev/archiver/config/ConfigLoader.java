package dev.archiver.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archiver.config.ConfigException.Problem;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the configuration: defaults, then the file (YAML or .properties), then ARCHIVER_*
 * environment variables, then command-line flags. Every problem is collected and reported at once,
 * each naming its key, the bad value, where it came from, and the fix.
 */
public final class ConfigLoader {

  private static final YAMLFactory YAML = new YAMLFactory();

  private record Raw(String value, String origin) {}

  /**
   * Reads the config from its sources (see the class comment for which wins).
   *
   * @param file the config file, or null for none
   * @param env the process environment (System.getenv() in production)
   * @param flags values from command-line flags, by key name
   */
  public ArchiverConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
    List<Problem> problems = new ArrayList<>();
    Map<String, ConfigKey> keys = ConfigKeys.byName();
    Map<String, Raw> raw = new LinkedHashMap<>();
    keys.values().forEach(k -> raw.put(k.name(), new Raw(k.defaultValue(), "default")));
    Map<String, Raw> passed = new TreeMap<>();

    if (file != null) {
      String origin = "file " + file;
      readFile(file, problems)
          .forEach(
              (name, value) -> {
                java.util.Optional<ConfigKey> map = mapKeyHolding(name, keys);
                if (keys.containsKey(name) && keys.get(name).type() != ConfigType.MAP) {
                  raw.put(name, new Raw(value, origin));
                } else if (keys.containsKey(name) || map.isPresent()) {
                  // A map is the union of what the file says of it: a nested YAML map arrives here
                  // flattened, one entry
                  // per line, as do properties lines; a whole-map string joins them.
                  String mapName = map.map(ConfigKey::name).orElse(name);
                  String entries =
                      map.isPresent() ? name.substring(mapName.length() + 1) + "=" + value : value;
                  raw.merge(
                      mapName,
                      new Raw(entries, origin),
                      (before, added) ->
                          before.origin().equals(origin)
                              ? new Raw(before.value() + "," + entries, origin)
                              : added);
                } else if (prefixOf(name).isPresent()) {
                  passed.put(name, new Raw(value, origin));
                } else {
                  problems.add(
                      new Problem(
                          name, value, "file " + file, "unknown key", suggestion(name, keys)));
                }
              });
    }
    for (ConfigKey key : keys.values()) {
      String fromEnv = env.get(key.envVar());
      if (fromEnv != null) {
        raw.put(key.name(), new Raw(fromEnv, "environment variable " + key.envVar()));
      }
    }
    readPassThroughEnv(env, passed, problems);
    flags.forEach(
        (name, value) -> {
          if (prefixOf(name).isPresent()) {
            passed.put(name, new Raw(value, "command-line flag"));
          } else {
            raw.put(name, new Raw(value, "command-line flag"));
          }
        });

    Map<String, Object> parsed = new HashMap<>();
    for (ConfigKey key : keys.values()) {
      Raw value = raw.get(key.name());
      parse(key, value)
          .ifPresentOrElse(
              v -> parsed.put(key.name(), v), () -> problems.add(problemFor(key, value)));
    }
    Map<String, String> passThrough = checkPassThrough(passed, problems);
    if (problems.isEmpty()) {
      crossCheck(parsed, raw, problems);
      crossCheckPassThrough(parsed, passed, problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ArchiverConfig(parsed, passThrough, shown(raw, passed));
  }

  private static java.util.Optional<ConfigPrefix> prefixOf(String name) {
    return ConfigKeys.prefixes().stream().filter(p -> name.startsWith(p.prefix())).findFirst();
  }

  /**
   * ARCHIVER_KAFKA_CLIENT_SASL_JAAS_CONFIG and the like. Underscores cannot tell a dot from a dash,
   * so each variable is matched against the names the prefix accepts; one that matches none is a
   * typo worth stopping for.
   */
  private static void readPassThroughEnv(
      Map<String, String> env, Map<String, Raw> passed, List<Problem> problems) {
    for (ConfigPrefix prefix : ConfigKeys.prefixes()) {
      Map<String, String> names = prefix.namesByEnvVar();
      env.keySet().stream()
          .filter(v -> v.startsWith(prefix.envPrefix()))
          .sorted()
          .forEach(
              variable -> {
                String name = names.get(variable);
                String origin = "environment variable " + variable;
                if (name != null) {
                  passed.put(prefix.prefix() + name, new Raw(env.get(variable), origin));
                } else {
                  String unknown =
                      prefix.prefix()
                          + variable
                              .substring(prefix.envPrefix().length())
                              .toLowerCase(java.util.Locale.ROOT)
                              .replace('_', '.');
                  problems.add(
                      new Problem(
                          unknown,
                          null,
                          origin,
                          "no " + prefix.prefix() + "* setting has this variable",
                          passThroughFix(prefix, unknown)));
                }
              });
    }
  }

  /** The accepted pass-through settings, by config key; empty values mean "not set". */
  private static Map<String, String> checkPassThrough(
      Map<String, Raw> passed, List<Problem> problems) {
    Map<String, String> accepted = new TreeMap<>();
    passed.forEach(
        (key, value) -> {
          ConfigPrefix prefix = prefixOf(key).orElseThrow();
          String name = key.substring(prefix.prefix().length());
          String text = value.value() == null ? "" : value.value().trim();
          if (prefix.owned().containsKey(name)) {
            problems.add(
                new Problem(
                    key,
                    value.value(),
                    value.origin(),
                    "is set by the archiver itself",
                    prefix.owned().get(name)));
          } else if (!prefix.names().contains(name)) {
            // No value in the message: an unknown name may well be a misspelt password setting.
            problems.add(
                new Problem(
                    key,
                    null,
                    value.origin(),
                    "is not a setting " + prefix.prefix() + "* passes on",
                    passThroughFix(prefix, key)));
          } else if (!text.isEmpty()) {
            prefix
                .check()
                .apply(name, text)
                .ifPresentOrElse(
                    problem ->
                        problems.add(
                            new Problem(
                                key,
                                value.value(),
                                value.origin(),
                                problem,
                                "set "
                                    + key
                                    + " (or "
                                    + prefix.envVar(name)
                                    + ") to a valid value, or remove it")),
                    () -> accepted.put(key, text));
          }
        });
    return accepted;
  }

  private static String passThroughFix(ConfigPrefix prefix, String key) {
    String name = key.substring(prefix.prefix().length());
    String closest =
        prefix.names().stream().min(Comparator.comparingInt(n -> editDistance(name, n))).orElse("");
    return editDistance(name, closest) <= Math.max(3, name.length() / 4)
        ? "did you mean '" + prefix.prefix() + closest + "'? Otherwise remove it"
        : "remove it; the accepted names are listed by 'archiver config keys'";
  }

  /**
   * Every setting as `config show` prints it: the value as written (secrets hidden) and where it
   * came from.
   */
  private static List<ArchiverConfig.Setting> shown(Map<String, Raw> raw, Map<String, Raw> passed) {
    List<ArchiverConfig.Setting> settings = new ArrayList<>();
    raw.forEach(
        (key, value) ->
            settings.add(
                new ArchiverConfig.Setting(
                    key, Secrets.display(key, value.value()), value.origin())));
    passed.forEach(
        (key, value) ->
            settings.add(
                new ArchiverConfig.Setting(
                    key, Secrets.display(key, value.value()), value.origin())));
    return settings;
  }

  private static java.util.Optional<Object> parse(ConfigKey key, Raw value) {
    try {
      Object parsed = key.type().parse(value.value());
      return key.rule().test(parsed) ? java.util.Optional.of(parsed) : java.util.Optional.empty();
    } catch (RuntimeException notParsable) {
      return java.util.Optional.empty();
    }
  }

  private static Problem problemFor(ConfigKey key, Raw value) {
    String expected = key.ruleText() != null ? key.ruleText() : key.type().expected();
    String fix =
        "set "
            + key.name()
            + " (or "
            + key.envVar()
            + ") to "
            + expected
            + (key.defaultValue() != null && !key.defaultValue().isEmpty()
                ? ", or remove it for the default " + key.defaultValue()
                : "");
    return new Problem(key.name(), value.value(), value.origin(), "must be " + expected, fix);
  }

  /** Rules that involve more than one key. */
  private static void crossCheck(
      Map<String, Object> parsed, Map<String, Raw> raw, List<Problem> problems) {
    boolean brokerSet = !((String) parsed.get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name())).isBlank();
    boolean registrySet = !((String) parsed.get(ConfigKeys.REGISTRY_URL.name())).isBlank();
    if (brokerSet && !registrySet) {
      Raw broker = raw.get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name());
      problems.add(
          new Problem(
              ConfigKeys.REGISTRY_URL.name(),
              "",
              "default",
              "is empty while kafka.bootstrap.servers is set ("
                  + broker.value()
                  + "): an embedded registry would hand out schema ids other consumers of that broker cannot read",
              "set registry.url (or ARCHIVER_REGISTRY_URL) to the registry of that cluster, e.g. http://registry:8080/apis/registry/v3"));
    }
    String defaultClass = (String) parsed.get(ConfigKeys.RETENTION_DEFAULT_CLASS.name());
    Map<?, ?> classes = (Map<?, ?>) parsed.get(ConfigKeys.RETENTION_CLASSES.name());
    if (!defaultClass.isEmpty() && !classes.containsKey(defaultClass)) {
      problems.add(
          new Problem(
              ConfigKeys.RETENTION_DEFAULT_CLASS.name(),
              defaultClass,
              originOf(raw, ConfigKeys.RETENTION_DEFAULT_CLASS),
              "names no class of retention.classes (" + String.join(", ", names(classes)) + ")",
              "name one of retention.classes, add it there, or leave retention.default-class empty"));
    }
    boolean hasKeyId = !((String) parsed.get(ConfigKeys.TIER_S3_ACCESS_KEY.name())).isEmpty();
    boolean hasSecret = !((String) parsed.get(ConfigKeys.TIER_S3_SECRET_KEY.name())).isEmpty();
    if (hasKeyId != hasSecret) {
      ConfigKey missing = hasKeyId ? ConfigKeys.TIER_S3_SECRET_KEY : ConfigKeys.TIER_S3_ACCESS_KEY;
      problems.add(
          new Problem(
              missing.name(),
              "",
              "default",
              "is empty while its pair is set: a static S3 key needs both",
              "set both tier.s3.access-key-id and tier.s3.secret-access-key, or neither to use the AWS default"
                  + " credentials chain"));
    }
    boolean bucketSet = !((String) parsed.get(ConfigKeys.TIER_S3_BUCKET.name())).isEmpty();
    Map<?, ?> tierBuckets = (Map<?, ?>) parsed.get(ConfigKeys.TIER_S3_TIER_BUCKETS.name());
    if (!tierBuckets.isEmpty() && !bucketSet) {
      problems.add(
          new Problem(
              ConfigKeys.TIER_S3_TIER_BUCKETS.name(),
              String.valueOf(tierBuckets),
              originOf(raw, ConfigKeys.TIER_S3_TIER_BUCKETS),
              "is set while tier.s3.bucket is empty: the embedded S3 server keeps every tier in one bucket",
              "set tier.s3.bucket (the bucket of the other tiers) with your S3 endpoint, or remove tier.s3.tier-buckets"));
    }
    if (!brokerSet && registrySet) {
      problems.add(
          new Problem(
              ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(),
              "",
              "default",
              "is empty while registry.url is set: the embedded broker would not match that registry",
              "set kafka.bootstrap.servers too, or remove registry.url to run fully embedded"));
    }
  }

  /** Pass-through settings that cannot work with the rest of the config. */
  private static void crossCheckPassThrough(
      Map<String, Object> parsed, Map<String, Raw> passed, List<Problem> problems) {
    boolean embedded = ((String) parsed.get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name())).isBlank();
    String protocolKey = ConfigKeys.KAFKA_CLIENT.prefix() + "security.protocol";
    Raw protocol = passed.get(protocolKey);
    if (embedded
        && protocol != null
        && !protocol.value().isBlank()
        && !"PLAINTEXT".equalsIgnoreCase(protocol.value().trim())) {
      problems.add(
          new Problem(
              protocolKey,
              protocol.value(),
              protocol.origin(),
              "the embedded broker (kafka.bootstrap.servers empty) speaks PLAINTEXT only",
              "set kafka.bootstrap.servers and registry.url to the cluster these settings are for, or remove "
                  + protocolKey));
    }
    String registry = ConfigKeys.REGISTRY_CLIENT.prefix();
    requireTogether(
        passed,
        registry + RegistryClientNames.USERNAME,
        registry + RegistryClientNames.PASSWORD,
        "basic auth needs both",
        problems);
    requireTogether(
        passed,
        registry + RegistryClientNames.PASSWORD,
        registry + RegistryClientNames.USERNAME,
        "basic auth needs both",
        problems);
    for (String oauth : List.of(RegistryClientNames.CLIENT_ID, RegistryClientNames.CLIENT_SECRET)) {
      requireTogether(
          passed,
          registry + RegistryClientNames.TOKEN_ENDPOINT,
          registry + oauth,
          "OAuth2 client credentials need the token endpoint, the client id and the secret",
          problems);
      requireTogether(
          passed,
          registry + oauth,
          registry + RegistryClientNames.TOKEN_ENDPOINT,
          "OAuth2 client credentials need the token endpoint, the client id and the secret",
          problems);
    }
  }

  /** When {@code present} is set and {@code needed} is not, a problem on {@code needed}. */
  private static void requireTogether(
      Map<String, Raw> passed, String present, String needed, String why, List<Problem> problems) {
    boolean reported = problems.stream().anyMatch(p -> p.key().equals(needed));
    if (isSet(passed.get(present)) && !isSet(passed.get(needed)) && !reported) {
      problems.add(
          new Problem(
              needed,
              null,
              "missing",
              "is needed because " + present + " is set: " + why,
              "set " + needed + " too, or remove " + present));
    }
  }

  private static boolean isSet(Raw raw) {
    return raw != null && raw.value() != null && !raw.value().isBlank();
  }

  private static Map<String, String> readFile(Path file, List<Problem> problems) {
    Map<String, String> flat = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      problems.add(
          new Problem(
              "--config",
              file.toString(),
              "command line",
              "file does not exist",
              "pass the path of an existing YAML or .properties file"));
      return flat;
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (file.getFileName().toString().endsWith(".properties")) {
        Properties properties = new Properties();
        properties.load(reader);
        properties.stringPropertyNames().stream()
            .sorted()
            .forEach(n -> flat.put(n, properties.getProperty(n)));
      } else {
        try (JsonParser yaml = YAML.createParser(reader)) {
          JsonToken first = yaml.nextToken();
          if (first == JsonToken.START_OBJECT) {
            flatten("", yaml, flat);
          } else if (first != null && first != JsonToken.VALUE_NULL) {
            problems.add(
                new Problem(
                    "(file)",
                    null,
                    "file " + file,
                    "the top level is not a map of keys",
                    "write one 'key: value' per line"));
          }
        }
      }
    } catch (IOException e) {
      problems.add(
          new Problem(
              "(file)",
              null,
              "file " + file,
              "cannot be read: " + e.getMessage(),
              "fix the YAML or properties syntax at the position named"));
    }
    return flat;
  }

  /**
   * Nested maps become dotted keys, lists comma-separated values. Every scalar is kept as written,
   * for the keys' own types to parse: YAML's reading would turn the level {@code off} into {@code
   * false}.
   */
  private static void flatten(String prefix, JsonParser yaml, Map<String, String> out)
      throws IOException {
    JsonToken token = yaml.currentToken();
    if (token == JsonToken.START_OBJECT) {
      while (yaml.nextToken() == JsonToken.FIELD_NAME) {
        String name = yaml.currentName();
        yaml.nextToken();
        flatten(prefix.isEmpty() ? name : prefix + "." + name, yaml, out);
      }
    } else if (token == JsonToken.START_ARRAY) {
      List<String> items = new ArrayList<>();
      while (yaml.nextToken() != JsonToken.END_ARRAY) {
        if (yaml.currentToken().isStructStart()) {
          yaml.skipChildren();
          items.add("");
        } else {
          items.add(scalar(yaml));
        }
      }
      out.put(prefix, String.join(",", items));
    } else {
      out.put(prefix, scalar(yaml));
    }
  }

  private static String scalar(JsonParser yaml) throws IOException {
    return yaml.currentToken() == JsonToken.VALUE_NULL ? "" : yaml.getText();
  }

  /**
   * The map-typed key that {@code name} is an entry of ({@code log.levels.org.apache.kafka}), if
   * any.
   */
  private static java.util.Optional<ConfigKey> mapKeyHolding(
      String name, Map<String, ConfigKey> keys) {
    return keys.values().stream()
        .filter(
            k ->
                k.type() == ConfigType.MAP
                    && name.startsWith(k.name() + ".")
                    && name.length() > k.name().length() + 1)
        .findFirst();
  }

  private static String suggestion(String unknown, Map<String, ConfigKey> keys) {
    String closest =
        keys.keySet().stream()
            .min(Comparator.comparingInt(k -> editDistance(unknown, k)))
            .orElseThrow();
    return editDistance(unknown, closest) <= Math.max(3, unknown.length() / 3)
        ? "did you mean '" + closest + "'? Otherwise remove it"
        : "remove it; known keys are listed by 'archiver config keys'";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String originOf(Map<String, Raw> raw, ConfigKey key) {
    Raw value = raw.get(key.name());
    return value == null ? "default" : value.origin();
  }

  private static List<String> names(Map<?, ?> map) {
    return map.keySet().stream().map(String::valueOf).toList();
  }
}
