package dev.archiver.config;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Apicurio serde settings {@code registry.client.*} may carry: how to reach and authenticate to
 * the registry (basic auth, OAuth2 client credentials, TLS trust, a proxy, retries). The wire
 * format (id handling, headers, schema registration) stays the archiver's own: Kafka UI and other
 * consumers depend on it.
 */
final class RegistryClientNames {

  /** What Apicurio calls a setting: this prefix, then the name after {@code registry.client.}. */
  static final String TARGET_PREFIX = "apicurio.registry.";

  static final Map<String, String> OWNED =
      Map.of("url", "set registry.url (ARCHIVER_REGISTRY_URL) instead");

  // Taken from Apicurio's own constants, so a renamed setting fails the build instead of silently
  // doing nothing.
  private static final Map<String, ConfigType> TYPES = types();

  static final SortedSet<String> NAMES = new TreeSet<>(TYPES.keySet());

  private RegistryClientNames() {}

  private static Map<String, ConfigType> types() {
    Map<String, ConfigType> types = new TreeMap<>();
    for (String text :
        new String[] {
          SchemaResolverConfig.AUTH_TOKEN_ENDPOINT,
          SchemaResolverConfig.AUTH_CLIENT_ID,
          SchemaResolverConfig.AUTH_CLIENT_SECRET,
          SchemaResolverConfig.AUTH_CLIENT_SCOPE,
          SchemaResolverConfig.AUTH_USERNAME,
          SchemaResolverConfig.AUTH_PASSWORD,
          SchemaResolverConfig.TLS_TRUSTSTORE_LOCATION,
          SchemaResolverConfig.TLS_TRUSTSTORE_PASSWORD,
          SchemaResolverConfig.TLS_TRUSTSTORE_TYPE,
          SchemaResolverConfig.TLS_CERTIFICATES,
          SchemaResolverConfig.PROXY_HOST,
          SchemaResolverConfig.PROXY_USERNAME,
          SchemaResolverConfig.PROXY_PASSWORD
        }) {
      types.put(name(text), ConfigType.STRING);
    }
    types.put(name(SchemaResolverConfig.TLS_TRUST_ALL), ConfigType.BOOLEAN);
    types.put(name(SchemaResolverConfig.TLS_VERIFY_HOST), ConfigType.BOOLEAN);
    types.put(name(SchemaResolverConfig.PROXY_PORT), ConfigType.INT);
    types.put(name(SchemaResolverConfig.RETRY_COUNT), ConfigType.INT);
    types.put(name(SchemaResolverConfig.RETRY_BACKOFF_MS), ConfigType.INT);
    return types;
  }

  private static String name(String apicurioName) {
    return apicurioName.substring(TARGET_PREFIX.length());
  }

  static Optional<String> problem(String name, String value) {
    ConfigType type = TYPES.getOrDefault(name, ConfigType.STRING);
    try {
      type.parse(value);
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("must be " + type.expected());
    }
  }

  // Names for the cross-checks: Apicurio picks OAuth2 when a token endpoint is set, else basic auth
  // when a user is.
  static final String USERNAME = name(SchemaResolverConfig.AUTH_USERNAME);
  static final String PASSWORD = name(SchemaResolverConfig.AUTH_PASSWORD);
  static final String TOKEN_ENDPOINT = name(SchemaResolverConfig.AUTH_TOKEN_ENDPOINT);
  static final String CLIENT_ID = name(SchemaResolverConfig.AUTH_CLIENT_ID);
  static final String CLIENT_SECRET = name(SchemaResolverConfig.AUTH_CLIENT_SECRET);
}
