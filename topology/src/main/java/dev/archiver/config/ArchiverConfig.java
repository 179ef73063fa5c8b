package dev.archiver.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validated configuration. Immutable; built by {@link ConfigLoader}. */
public final class ArchiverConfig {

  /** One effective setting as {@code config show} prints it: secrets already hidden. */
  public record Setting(String key, String shownValue, String origin) {}

  private final Map<String, Object> values;
  private final Map<String, String> passThrough;
  private final List<Setting> settings;

  ArchiverConfig(
      Map<String, Object> values, Map<String, String> passThrough, List<Setting> settings) {
    this.values = Map.copyOf(values);
    this.passThrough = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(passThrough));
    this.settings = List.copyOf(settings);
  }

  /** The defaults alone, with the given keys overridden (raw values, as a file would hold them). */
  public static ArchiverConfig defaultsWith(Map<String, String> overrides) {
    return new ConfigLoader().load(null, Map.of(), overrides);
  }

  private Object get(ConfigKey key) {
    return values.get(key.name());
  }

  public Optional<String> bootstrapServers() {
    return nonEmpty((String) get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS));
  }

  public Optional<String> registryUrl() {
    return nonEmpty((String) get(ConfigKeys.REGISTRY_URL));
  }

  /** True when no broker is configured: the archiver starts its own broker and registry. */
  public boolean embedded() {
    return bootstrapServers().isEmpty();
  }

  public Path dataDir() {
    return (Path) get(ConfigKeys.DATA_DIR);
  }

  public int httpPort() {
    return (int) get(ConfigKeys.HTTP_PORT);
  }

  public String httpHost() {
    return (String) get(ConfigKeys.HTTP_HOST);
  }

  /**
   * The host a client on this machine dials to reach the HTTP port: localhost when the API listens
   * on loopback or on every interface, else the one address it listens on.
   */
  public String httpLocalHost() {
    String host = httpHost();
    if (List.of("0.0.0.0", "::", "[::]", "127.0.0.1", "localhost").contains(host)) {
      return "localhost";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  public Optional<String> httpToken() {
    return nonEmpty((String) get(ConfigKeys.HTTP_TOKEN));
  }

  /**
   * kafka.client.* under Kafka's names (security.protocol, sasl.jaas.config, ...), for every Kafka
   * client.
   */
  public Map<String, String> kafkaClientSettings() {
    return ConfigKeys.KAFKA_CLIENT.targets(passThrough);
  }

  /**
   * registry.client.* under Apicurio's names (apicurio.registry.auth.username, ...), for every
   * serde.
   */
  public Map<String, String> registryClientSettings() {
    return ConfigKeys.REGISTRY_CLIENT.targets(passThrough);
  }

  /**
   * Every key with its effective value and origin, secrets hidden: what {@code config show} prints.
   */
  public List<Setting> settings() {
    return settings;
  }

  public String httpAdvertisedHost() {
    return (String) get(ConfigKeys.HTTP_ADVERTISED_HOST);
  }

  public LogFormat logFormat() {
    return LogFormat.valueOf(
        ((String) get(ConfigKeys.LOG_FORMAT)).toUpperCase(java.util.Locale.ROOT));
  }

  /** The root logger's level, lower case (trace, debug, info, warn, error, off). */
  public String logLevel() {
    return ((String) get(ConfigKeys.LOG_LEVEL)).toLowerCase(java.util.Locale.ROOT);
  }

  /** Logger name to level, in the order written. */
  @SuppressWarnings("unchecked") // MAP always parses to Map<String, String>
  public Map<String, String> logLevels() {
    return (Map<String, String>) get(ConfigKeys.LOG_LEVELS);
  }

  public String applicationId() {
    return (String) get(ConfigKeys.APPLICATION_ID);
  }

  public int streamThreads() {
    int configured = (int) get(ConfigKeys.STREAM_THREADS);
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  public java.time.Duration transactionTimeout() {
    return (java.time.Duration) get(ConfigKeys.TRANSACTION_TIMEOUT);
  }

  /** How often the stream threads commit (streams.commit.interval). */
  public Duration commitInterval() {
    return (Duration) get(ConfigKeys.COMMIT_INTERVAL);
  }

  public int chunkWorkThreads() {
    int configured = (int) get(ConfigKeys.WORK_CHUNK_THREADS);
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  public int workRetryMaxAttempts() {
    return (Integer) get(ConfigKeys.WORK_RETRY_MAX_ATTEMPTS);
  }

  public Duration workRetryBackoff() {
    return (Duration) get(ConfigKeys.WORK_RETRY_BACKOFF);
  }

  public int runWorkThreads() {
    return (int) get(ConfigKeys.WORK_RUN_THREADS);
  }

  public int topicPartitions() {
    return (int) get(ConfigKeys.TOPIC_PARTITIONS);
  }

  public int topicReplicationFactor() {
    return (int) get(ConfigKeys.TOPIC_REPLICATION);
  }

  public Duration auditRetention() {
    return (Duration) get(ConfigKeys.AUDIT_RETENTION);
  }

  @SuppressWarnings("unchecked") // PATH_LIST always parses to List<Path>
  public List<Path> sourceRoots() {
    List<Path> roots = (List<Path>) get(ConfigKeys.SOURCE_ROOTS);
    return roots.isEmpty() ? List.of(dataDir().resolve("sources")) : roots;
  }

  @SuppressWarnings("unchecked") // PATH_LIST always parses to List<Path>
  public List<Path> restoreRoots() {
    List<Path> roots = (List<Path>) get(ConfigKeys.RESTORE_ROOTS);
    return roots.isEmpty() ? List.of(dataDir().resolve("restores")) : roots;
  }

  public int restoreUmask() {
    return (Integer) get(ConfigKeys.RESTORE_UMASK);
  }

  public Path filesystemTierPath() {
    return nonEmpty((String) get(ConfigKeys.TIER_FILESYSTEM_PATH))
        .map(p -> Path.of(p).toAbsolutePath().normalize())
        .orElse(dataDir().resolve("tier"));
  }

  public Path spoolPath() {
    return nonEmpty((String) get(ConfigKeys.TIER_SPOOL_DIR))
        .map(p -> Path.of(p).toAbsolutePath().normalize())
        .orElse(dataDir().resolve("spool"));
  }

  /** Buckets of single S3 tiers, overriding {@link #s3Bucket()} for them. */
  @SuppressWarnings("unchecked")
  public Map<dev.archiver.events.StorageTier, String> s3TierBuckets() {
    Map<dev.archiver.events.StorageTier, String> buckets =
        new java.util.EnumMap<>(dev.archiver.events.StorageTier.class);
    ((Map<String, String>) get(ConfigKeys.TIER_S3_TIER_BUCKETS))
        .forEach((tier, bucket) -> buckets.put(TierNames.parse(tier).orElseThrow(), bucket));
    return buckets;
  }

  public long spoolMaxBytes() {
    return (long) get(ConfigKeys.TIER_SPOOL_MAX_BYTES);
  }

  public Duration spoolKeepUnclaimed() {
    return (Duration) get(ConfigKeys.TIER_SPOOL_KEEP_UNCLAIMED);
  }

  public long chunkSize() {
    return (long) get(ConfigKeys.CHUNK_SIZE);
  }

  public int compressionLevel() {
    return (int) get(ConfigKeys.COMPRESSION_LEVEL);
  }

  public int chunkMaxAttempts() {
    return (int) get(ConfigKeys.CHUNK_MAX_ATTEMPTS);
  }

  public Duration chunkRetryBackoff() {
    return (Duration) get(ConfigKeys.CHUNK_RETRY_BACKOFF);
  }

  public Duration integrityScheduleInterval() {
    return (Duration) get(ConfigKeys.INTEGRITY_SCHEDULE_INTERVAL);
  }

  public int integrityScheduleSampleSize() {
    return (int) get(ConfigKeys.INTEGRITY_SCHEDULE_SAMPLE);
  }

  /** The price table file cost.prices names; empty for the built-in one. */
  public Optional<Path> costPrices() {
    return nonEmpty((String) get(ConfigKeys.COST_PRICES))
        .map(p -> Path.of(p).toAbsolutePath().normalize());
  }

  /** The FILESYSTEM tier's price per GB-month, when configured. */
  public Optional<java.math.BigDecimal> costFilesystemPrice() {
    return nonEmpty((String) get(ConfigKeys.COST_FILESYSTEM_PRICE)).map(java.math.BigDecimal::new);
  }

  public int embeddedKafkaPort() {
    return (int) get(ConfigKeys.EMBEDDED_KAFKA_PORT);
  }

  public int embeddedRegistryPort() {
    return (int) get(ConfigKeys.EMBEDDED_REGISTRY_PORT);
  }

  public Optional<Path> embeddedRegistryHome() {
    return nonEmpty((String) get(ConfigKeys.EMBEDDED_REGISTRY_HOME)).map(Path::of);
  }

  /**
   * Equal when every key has the same parsed value, whatever file, variable or flag it came from.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof ArchiverConfig config && values.equals(config.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  /** Retention class name to how long its archives are kept, in the order written. */
  @SuppressWarnings("unchecked") // MAP always parses to Map<String, String>
  public Map<String, Duration> retentionClasses() {
    Map<String, Duration> classes = new java.util.LinkedHashMap<>();
    ((Map<String, String>) get(ConfigKeys.RETENTION_CLASSES))
        .forEach((name, raw) -> classes.put(name, (Duration) ConfigType.DURATION.parseValue(raw)));
    return java.util.Collections.unmodifiableMap(classes);
  }

  /** The class of archives whose request names none; empty when they never expire. */
  public Optional<String> retentionDefaultClass() {
    return nonEmpty((String) get(ConfigKeys.RETENTION_DEFAULT_CLASS));
  }

  public Duration retentionPurgeInterval() {
    return (Duration) get(ConfigKeys.RETENTION_PURGE_INTERVAL);
  }

  public Optional<String> s3Endpoint() {
    return nonEmpty((String) get(ConfigKeys.TIER_S3_ENDPOINT));
  }

  /** The S3 tiers' bucket; empty when they use the embedded S3 server, or are off. */
  public Optional<String> s3Bucket() {
    return nonEmpty((String) get(ConfigKeys.TIER_S3_BUCKET));
  }

  public String s3Prefix() {
    return (String) get(ConfigKeys.TIER_S3_PREFIX);
  }

  public String s3Region() {
    return (String) get(ConfigKeys.TIER_S3_REGION);
  }

  public boolean s3PathStyle() {
    return (boolean) get(ConfigKeys.TIER_S3_PATH_STYLE);
  }

  /** A static access key id and secret, when both are configured. */
  public Optional<Map.Entry<String, String>> s3Credentials() {
    Optional<String> id = nonEmpty((String) get(ConfigKeys.TIER_S3_ACCESS_KEY));
    Optional<String> secret = nonEmpty((String) get(ConfigKeys.TIER_S3_SECRET_KEY));
    return id.isPresent() && secret.isPresent()
        ? Optional.of(Map.entry(id.get(), secret.get()))
        : Optional.empty();
  }

  public String s3GlacierClass() {
    return (String) get(ConfigKeys.TIER_S3_GLACIER_CLASS);
  }

  public boolean s3ThawSimulated() {
    return "simulated".equals(get(ConfigKeys.TIER_S3_THAW));
  }

  public Duration s3SimulatedThawTime() {
    return (Duration) get(ConfigKeys.TIER_S3_SIMULATED_THAW_TIME);
  }

  public long s3MultipartThreshold() {
    return (long) get(ConfigKeys.TIER_S3_MULTIPART_THRESHOLD);
  }

  public long s3PartSize() {
    return (long) get(ConfigKeys.TIER_S3_PART_SIZE);
  }

  public int embeddedS3Port() {
    return (int) get(ConfigKeys.EMBEDDED_S3_PORT);
  }

  @SuppressWarnings("unchecked") // MAP always parses to Map<String, String>
  public TierPolicy tierPolicy() {
    return TierPolicy.parse((Map<String, String>) get(ConfigKeys.TIER_POLICY));
  }

  public Duration tierRotationInterval() {
    return (Duration) get(ConfigKeys.TIER_ROTATION_INTERVAL);
  }
}
