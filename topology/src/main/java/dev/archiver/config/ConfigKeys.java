package dev.archiver.config;

import dev.archiver.events.StorageTier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configuration key of the archiver, grouped by concern. */
public final class ConfigKeys {

  private static final String LEVEL_NAMES = "trace, debug, info, warn, error, off";

  public static final ConfigKey KAFKA_BOOTSTRAP_SERVERS =
      ConfigKey.of(
          "kafka.bootstrap.servers",
          "kafka",
          ConfigType.STRING,
          "",
          "Kafka brokers, host:port[,host:port]. Empty starts the embedded single-node broker under data.dir.");
  public static final ConfigKey REGISTRY_URL =
      ConfigKey.of(
              "registry.url",
              "kafka",
              ConfigType.STRING,
              "",
              "Apicurio Registry v3 API, e.g. http://localhost:8081/apis/registry/v3. Empty starts the embedded registry.")
          .withRule(
              v -> ((String) v).isEmpty() || ((String) v).matches("https?://.+"),
              "an http:// or https:// URL, or empty for the embedded registry");
  public static final ConfigKey DATA_DIR =
      ConfigKey.of(
          "data.dir",
          "storage",
          ConfigType.PATH,
          "archiver-data",
          "Directory for Kafka Streams state, the embedded broker and registry, and the default tier.");
  public static final ConfigKey HTTP_PORT =
      ConfigKey.of(
              "http.port", "http", ConfigType.INT, "8080", "Port of /health, /metrics and /api.")
          .withRule(
              v -> (int) v >= 0 && (int) v <= 65535, "between 0 and 65535 (0 picks a free port)");
  public static final ConfigKey HTTP_HOST =
      ConfigKey.of(
              "http.host",
              "http",
              ConfigType.STRING,
              "127.0.0.1",
              "Address the HTTP port listens on. The loopback default keeps /api and /metrics on this machine; 0.0.0.0 opens"
                  + " them to the network (containers, and instances that forward queries to each other).")
          .withRule(
              v -> !((String) v).isEmpty() && !((String) v).contains(" "),
              "an IP address or host name, such as 127.0.0.1 or 0.0.0.0");
  public static final ConfigKey HTTP_TOKEN =
      ConfigKey.of(
              "http.token",
              "http",
              ConfigType.STRING,
              "",
              "Bearer token every write request (any method but GET and HEAD) must carry as 'Authorization: Bearer <token>'."
                  + " Empty refuses all writes. Reads (/health, /metrics, /api GETs) need no token. Never shown by config show or logs.")
          .withRule(
              v ->
                  ((String) v).isEmpty()
                      || (((String) v).length() >= 16
                          && ((String) v).chars().noneMatch(Character::isWhitespace)),
              "empty, or at least 16 characters without spaces");
  public static final ConfigKey HTTP_ADVERTISED_HOST =
      ConfigKey.of(
          "http.advertised-host",
          "http",
          ConfigType.STRING,
          "localhost",
          "Host name other instances use to reach this one's HTTP port; queries for a run another instance owns are forwarded there.");
  public static final ConfigKey LOG_FORMAT =
      ConfigKey.of(
              "log.format",
              "logging",
              ConfigType.STRING,
              "logfmt",
              "How each log line of the service is written (to stderr; under `demo` to its archiver.log): logfmt (key=value, for people and grep) or json (one object per line with ts, level, logger, thread, run, message and exception, for log shippers).")
          .withRule(v -> v.equals("logfmt") || v.equals("json"), "logfmt or json");
  public static final ConfigKey LOG_LEVEL =
      ConfigKey.of(
              "log.level",
              "logging",
              ConfigType.STRING,
              "info",
              "Level of every logger that log.levels and the built-in levels do not name.")
          .withRule(v -> isLogLevel((String) v), "one of " + LEVEL_NAMES);
  public static final ConfigKey LOG_LEVELS =
      ConfigKey.of(
              "log.levels",
              "logging",
              ConfigType.MAP,
              "",
              "Levels of named loggers, each covering the loggers under it, e.g. {org.apache.kafka: info, dev.archiver.streams: debug}. They go on top of the built-in ones (logback.xml): org.apache.kafka, kafka, state.change.logger and io.apicurio at warn, org.apache.kafka.streams.KafkaStreams at info.")
          .withRule(
              v ->
                  ((Map<?, ?>) v)
                      .entrySet().stream()
                          .allMatch(
                              e ->
                                  ((String) e.getKey()).matches("[\\w.$-]+")
                                      && isLogLevel((String) e.getValue())),
              "logger=level pairs (in YAML a map of logger: level), each level one of "
                  + LEVEL_NAMES);
  public static final ConfigKey APPLICATION_ID =
      ConfigKey.of(
              "streams.application.id",
              "streams",
              ConfigType.STRING,
              "archiver",
              "Kafka Streams application id: instances with the same id share the work.")
          .withRule(
              v -> ((String) v).matches("[A-Za-z0-9._-]+"), "letters, digits, '.', '_' or '-'");
  public static final ConfigKey STREAM_THREADS =
      ConfigKey.of(
              "streams.num.threads",
              "streams",
              ConfigType.INT,
              "0",
              "Stream threads; 0 uses one per available core.")
          .withRule(v -> (int) v >= 0 && (int) v <= 64, "between 0 and 64");
  public static final ConfigKey TRANSACTION_TIMEOUT =
      ConfigKey.of(
              "streams.transaction.timeout",
              "streams",
              ConfigType.DURATION,
              "10s",
              "Exactly-once transaction timeout of the stream threads. Long work runs beside them, so a transaction only spans quick store updates; keep it short so a hung producer is fenced soon.")
          .withRule(
              v ->
                  !((java.time.Duration) v).isNegative()
                      && ((java.time.Duration) v).toMillis() >= 1000,
              "at least 1s");
  public static final ConfigKey COMMIT_INTERVAL =
      ConfigKey.of(
              "streams.commit.interval",
              "streams",
              ConfigType.DURATION,
              "100ms",
              "How often the stream threads commit their exactly-once transaction. Every hop of a run (request, plan, chunk task, chunk result, manifest) waits for a commit, so a run's latency grows with it; but each commit costs the broker a marker (and, on the embedded broker, an fsync) per partition written, so under many small runs a longer interval carries more runs per commit: 1s gave 1.5x the runs/s and twice a lone run's latency (docs/performance.md).")
          .withRule(
              v ->
                  ((java.time.Duration) v).toMillis() >= 10
                      && ((java.time.Duration) v).toMillis() <= 60_000,
              "between 10ms and 60s");
  public static final ConfigKey WORK_CHUNK_THREADS =
      ConfigKey.of(
              "work.chunk-threads",
              "work",
              ConfigType.INT,
              "0",
              "Threads that write and verify chunks beside the stream threads (compression is CPU bound); 0 uses one per available core.")
          .withRule(v -> (int) v >= 0 && (int) v <= 256, "between 0 and 256");
  public static final ConfigKey WORK_RUN_THREADS =
      ConfigKey.of(
              "work.run-threads",
              "work",
              ConfigType.INT,
              "2",
              "Threads that plan runs, write manifests, plan integrity checks and run restores, beside the stream threads.")
          .withRule(v -> (int) v >= 1 && (int) v <= 64, "between 1 and 64");
  public static final ConfigKey WORK_RETRY_MAX_ATTEMPTS =
      ConfigKey.of(
              "work.retry.max-attempts",
              "work",
              ConfigType.INT,
              "3",
              "Attempts a plan, a manifest write or a restore gets when it fails for a retriable reason (the tier or the source"
                  + " unreadable for now); permanent failures are answered at once. Chunks have archive.chunk.max-attempts.")
          .withRule(v -> (int) v >= 1 && (int) v <= 100, "between 1 and 100");
  public static final ConfigKey WORK_RETRY_BACKOFF =
      ConfigKey.of(
          "work.retry.backoff",
          "work",
          ConfigType.DURATION,
          "2s",
          "Wait before the first retry of a plan, manifest write or restore; doubled for each further one, at most 5 minutes.");
  public static final ConfigKey TOPIC_PARTITIONS =
      ConfigKey.of(
              "topics.partitions",
              "topics",
              ConfigType.INT,
              "6",
              "Partitions of the topics the archiver creates (chunk topics get twice as many).")
          .withRule(v -> (int) v >= 1 && (int) v <= 1000, "between 1 and 1000");
  public static final ConfigKey TOPIC_REPLICATION =
      ConfigKey.of(
              "topics.replication.factor",
              "topics",
              ConfigType.INT,
              "-1",
              "Replication factor of created topics; -1 uses the broker's default (1 on the embedded broker).")
          .withRule(v -> (int) v == -1 || (int) v >= 1, "-1 or at least 1");
  public static final ConfigKey AUDIT_RETENTION =
      ConfigKey.of(
          "topics.audit.retention",
          "topics",
          ConfigType.DURATION,
          "3650d",
          "How long archiver.audit keeps events.");
  public static final ConfigKey SOURCE_ROOTS =
      ConfigKey.of(
          "source.roots",
          "sources",
          ConfigType.PATH_LIST,
          "",
          "Directories file sources may read from; a request for a path outside them is refused. Empty means <data.dir>/sources.");
  public static final ConfigKey RESTORE_ROOTS =
      ConfigKey.of(
          "restore.roots",
          "restores",
          ConfigType.PATH_LIST,
          "",
          "Directories restores may write to. Empty means <data.dir>/restores.");
  public static final ConfigKey RESTORE_UMASK =
      ConfigKey.of(
          "restore.umask",
          "restores",
          ConfigType.OCTAL_MODE,
          "022",
          "Permission bits taken away from the modes restored files and directories had when archived, as a umask does:"
              + " 022 lets no one but the owner write, 077 keeps restored copies private to the archiver's user.");
  public static final ConfigKey TIER_FILESYSTEM_PATH =
      ConfigKey.of(
          "tier.filesystem.path",
          "storage",
          ConfigType.STRING,
          "",
          "Directory of the FILESYSTEM tier. Empty means <data.dir>/tier.");
  public static final ConfigKey TIER_S3_ENDPOINT =
      ConfigKey.of(
              "tier.s3.endpoint",
              "storage",
              ConfigType.STRING,
              "",
              "S3 API endpoint of the S3 tiers (S3_STANDARD, S3_STANDARD_IA, S3_GLACIER, S3_DEEP_ARCHIVE), e.g."
                  + " http://minio:9000. Empty: the AWS endpoint of tier.s3.region when tier.s3.bucket is set; when the"
                  + " bucket is empty too, the embedded S3 server (S3Proxy, objects under <data.dir>/s3) in the embedded"
                  + " default, and no S3 tiers otherwise.")
          .withRule(
              v -> ((String) v).isEmpty() || ((String) v).matches("https?://[^\\s]+"),
              "an http:// or https:// URL, or empty");
  public static final ConfigKey TIER_S3_BUCKET =
      ConfigKey.of(
          "tier.s3.bucket",
          "storage",
          ConfigType.STRING,
          "",
          "Bucket of the S3 tiers; it must exist. Empty: see tier.s3.endpoint.");
  public static final ConfigKey TIER_S3_TIER_BUCKETS =
      ConfigKey.of(
              "tier.s3.tier-buckets",
              "storage",
              ConfigType.MAP,
              "",
              "Buckets of single S3 tiers, in place of tier.s3.bucket for them, e.g. {glacier: archive-cold, deep-archive:"
                  + " archive-vault}: buckets with lifecycle rules, replication or object lock of their own. Same endpoint,"
                  + " region and credentials. Needs tier.s3.bucket.")
          .withRule(
              v ->
                  ((Map<?, ?>) v)
                      .entrySet().stream()
                          .allMatch(
                              e ->
                                  TierNames.parse((String) e.getKey())
                                          .filter(t -> t != StorageTier.FILESYSTEM)
                                          .isPresent()
                                      && ((String) e.getValue())
                                          .matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")),
              "tier=bucket pairs: tiers standard, ia, glacier or deep-archive; S3 bucket names (3-63 of a-z, 0-9, '.', '-')");
  public static final ConfigKey TIER_S3_PREFIX =
      ConfigKey.of(
          "tier.s3.prefix",
          "storage",
          ConfigType.STRING,
          "",
          "Key prefix of every object the archiver writes to the bucket, e.g. archiver/ (lets it share a bucket).");
  public static final ConfigKey TIER_S3_REGION =
      ConfigKey.of(
          "tier.s3.region",
          "storage",
          ConfigType.STRING,
          "us-east-1",
          "Signing region of the S3 tiers.");
  public static final ConfigKey TIER_S3_PATH_STYLE =
      ConfigKey.of(
          "tier.s3.path-style",
          "storage",
          ConfigType.BOOLEAN,
          "false",
          "Address the bucket in the URL path (http://host/bucket/key), as MinIO and most S3-compatible servers need.");
  public static final ConfigKey TIER_S3_ACCESS_KEY =
      ConfigKey.of(
          "tier.s3.access-key-id",
          "storage",
          ConfigType.STRING,
          "",
          "Access key id of the S3 tiers. Empty: the AWS SDK's default chain (AWS_ACCESS_KEY_ID, profiles, instance"
              + " roles).");
  public static final ConfigKey TIER_S3_SECRET_KEY =
      ConfigKey.of(
          "tier.s3.secret-access-key",
          "storage",
          ConfigType.STRING,
          "",
          "Secret of tier.s3.access-key-id. Never shown by config show or logs.");
  public static final ConfigKey TIER_S3_GLACIER_CLASS =
      ConfigKey.of(
              "tier.s3.glacier-class",
              "storage",
              ConfigType.STRING,
              "GLACIER",
              "S3 storage class of the S3_GLACIER tier: GLACIER (Flexible Retrieval, thawed before reading) or GLACIER_IR"
                  + " (Instant Retrieval, read at once).")
          .withRule(v -> v.equals("GLACIER") || v.equals("GLACIER_IR"), "GLACIER or GLACIER_IR");
  public static final ConfigKey TIER_S3_THAW =
      ConfigKey.of(
              "tier.s3.thaw",
              "storage",
              ConfigType.STRING,
              "real",
              "How cold objects are thawed: real (RestoreObject, as AWS S3 does) or simulated (for S3 servers without"
                  + " Glacier, such as S3Proxy and MinIO: a thaw takes tier.s3.simulated-thaw-time). The embedded S3"
                  + " server is always simulated.")
          .withRule(v -> v.equals("real") || v.equals("simulated"), "real or simulated");
  public static final ConfigKey TIER_S3_SIMULATED_THAW_TIME =
      ConfigKey.of(
              "tier.s3.simulated-thaw-time",
              "storage",
              ConfigType.DURATION,
              "5s",
              "How long a simulated thaw takes, whatever the retrieval tier.")
          .withRule(v -> !((java.time.Duration) v).isNegative(), "zero or more");
  public static final ConfigKey TIER_S3_MULTIPART_THRESHOLD =
      ConfigKey.of(
              "tier.s3.multipart-threshold",
              "storage",
              ConfigType.SIZE,
              "16MiB",
              "Objects longer than this are uploaded in parts. Memory per upload is the larger of this and the part size.")
          .withRule(v -> (long) v >= 0 && (long) v <= (1L << 30), "between 0 and 1GiB");
  public static final ConfigKey TIER_S3_PART_SIZE =
      ConfigKey.of(
              "tier.s3.part-size",
              "storage",
              ConfigType.SIZE,
              "16MiB",
              "Size of each part of a multipart upload.")
          .withRule(
              v -> (long) v >= (5L << 20) && (long) v <= (1L << 30),
              "between 5MiB (S3's minimum) and 1GiB");
  public static final ConfigKey TIER_SPOOL_DIR =
      ConfigKey.of(
          "tier.spool.dir",
          "storage",
          ConfigType.STRING,
          "",
          "Local directory where chunks for an object-store tier wait while that store is unreachable; drained to the tier, checked by SHA-256, when it answers again. Empty means <data.dir>/spool.");
  public static final ConfigKey TIER_SPOOL_MAX_BYTES =
      ConfigKey.of(
              "tier.spool.max-bytes",
              "storage",
              ConfigType.SIZE,
              "4GiB",
              "The most the spool holds. A chunk that does not fit waits for the store, and so does its run; 0 turns the spool off.")
          .withRule(v -> (long) v >= 0, "zero or more (0 turns the spool off)");
  public static final ConfigKey TIER_SPOOL_KEEP_UNCLAIMED =
      ConfigKey.of(
              "tier.spool.keep-unclaimed",
              "storage",
              ConfigType.DURATION,
              "7d",
              "At start, spooled chunks older than this are deleted: their runs moved to another instance, which packed them again from the source.")
          .withRule(v -> !((java.time.Duration) v).isNegative(), "zero or more");
  public static final ConfigKey EMBEDDED_S3_PORT =
      ConfigKey.of(
              "embedded.s3.port",
              "embedded",
              ConfigType.INT,
              "0",
              "Port of the embedded S3 server (S3Proxy); 0 picks a free one. Only the archiver itself talks to it.")
          .withRule(
              v -> (int) v >= 0 && (int) v <= 65535, "between 0 and 65535 (0 picks a free port)");
  public static final ConfigKey TIER_POLICY =
      ConfigKey.of(
              "tier.policy",
              "storage",
              ConfigType.MAP,
              "",
              "Where archives move as they age (from creation), e.g. {hot: standard after 1d, standard: glacier after 30d,"
                  + " glacier: deep-archive after 365d}. Each move copies every object, checks the copy, switches the"
                  + " catalog, then deletes the old copy. Empty: archives stay where they were written.")
          .withRule(
              v -> {
                try {
                  @SuppressWarnings("unchecked") // MAP parses to Map<String, String>
                  Map<String, String> rules = (Map<String, String>) v;
                  TierPolicy.parse(rules);
                  return true;
                } catch (RuntimeException e) {
                  return false;
                }
              },
              "tier: <tier> after <duration> entries, tiers written hot, standard, ia, glacier or deep-archive");
  public static final ConfigKey TIER_ROTATION_INTERVAL =
      ConfigKey.of(
              "tier.rotation-interval",
              "storage",
              ConfigType.DURATION,
              "1h",
              "How often tier.policy is applied without anyone asking (as ROTATE_TIERS does); 0s turns the schedule off.")
          .withRule(v -> !((java.time.Duration) v).isNegative(), "zero or more");
  public static final ConfigKey RETENTION_CLASSES =
      ConfigKey.of(
              "retention.classes",
              "retention",
              ConfigType.MAP,
              "short=30d,standard=365d,long=3650d",
              "Retention classes an archive request may name (retentionClass), each with how long its archives are kept,"
                  + " e.g. {short: 30d, legal: 3650d}. An archive past its expiry is deleted by PURGE_EXPIRED unless it is under"
                  + " legal hold.")
          .withRule(
              v -> ((Map<?, ?>) v).values().stream().allMatch(d -> isPositiveDuration((String) d)),
              "name=duration pairs, each duration positive and written like 30d, 24h or PT36H");
  public static final ConfigKey RETENTION_DEFAULT_CLASS =
      ConfigKey.of(
          "retention.default-class",
          "retention",
          ConfigType.STRING,
          "",
          "Retention class of archive requests that name none. Empty: such archives never expire (only an operator deletes"
              + " them).");
  public static final ConfigKey RETENTION_PURGE_INTERVAL =
      ConfigKey.of(
              "retention.purge-interval",
              "retention",
              ConfigType.DURATION,
              "1h",
              "How often expired archives are purged without anyone asking (as PURGE_EXPIRED does); 0s turns the schedule off.")
          .withRule(v -> !((java.time.Duration) v).isNegative(), "zero or more");
  public static final ConfigKey CHUNK_SIZE =
      ConfigKey.of(
              "chunk.size",
              "archive",
              ConfigType.SIZE,
              "64MiB",
              "Bytes of packed input per chunk; a larger file spans chunks.")
          .withRule(v -> (long) v >= 4096 && (long) v <= (1L << 31), "between 4KiB and 2GiB");
  public static final ConfigKey COMPRESSION_LEVEL =
      ConfigKey.of(
              "archive.compression.level",
              "archive",
              ConfigType.INT,
              "3",
              "zstd level of chunk objects (docs/performance.md has the measurements behind the default).")
          .withRule(v -> (int) v >= 1 && (int) v <= 19, "between 1 and 19");
  public static final ConfigKey CHUNK_MAX_ATTEMPTS =
      ConfigKey.of(
              "archive.chunk.max-attempts",
              "archive",
              ConfigType.INT,
              "3",
              "Attempts per chunk before its run fails.")
          .withRule(v -> (int) v >= 1 && (int) v <= 100, "between 1 and 100");
  public static final ConfigKey CHUNK_RETRY_BACKOFF =
      ConfigKey.of(
              "archive.chunk.retry-backoff",
              "archive",
              ConfigType.DURATION,
              "2s",
              "Wait before the first retry of a failed chunk; doubles with each further attempt, capped at 5m.")
          .withRule(v -> !((java.time.Duration) v).isNegative(), "zero or more");
  public static final ConfigKey INTEGRITY_SCHEDULE_INTERVAL =
      ConfigKey.of(
          "integrity.schedule.interval",
          "integrity",
          ConfigType.DURATION,
          "0s",
          "How often a sample of archives is checked without anyone asking; 0s turns scheduled checks off.");
  public static final ConfigKey INTEGRITY_SCHEDULE_SAMPLE =
      ConfigKey.of(
              "integrity.schedule.sample-size",
              "integrity",
              ConfigType.INT,
              "5",
              "Archives checked by each scheduled check.")
          .withRule(v -> (int) v >= 1, "at least 1");
  public static final ConfigKey COST_PRICES =
      ConfigKey.of(
          "cost.prices",
          "cost",
          ConfigType.STRING,
          "",
          "Price table of `archiver cost` and GET /api/cost: the path of a YAML or JSON file shaped like the built-in one"
              + " (docs/cost.md), checked at start-up. Empty uses the built-in AWS S3 list prices for us-east-1, dated in that file.");
  public static final ConfigKey COST_FILESYSTEM_PRICE =
      ConfigKey.of(
              "cost.filesystem.price-per-gb-month",
              "cost",
              ConfigType.STRING,
              "",
              "What a GB-month of the FILESYSTEM tier's disk costs you, in the price table's currency, e.g. 0.02."
                  + " Empty takes the price table's (0 in the built-in one: it is your own disk).")
          .withRule(
              v -> ((String) v).isEmpty() || ((String) v).matches("\\d+(\\.\\d+)?"),
              "empty, or a price of 0 or more such as 0.02");
  public static final ConfigKey EMBEDDED_KAFKA_PORT =
      ConfigKey.of(
              "embedded.kafka.port",
              "embedded",
              ConfigType.INT,
              "9092",
              "Client port of the embedded broker (its controller listens on the next port).")
          .withRule(
              v -> (int) v >= 0 && (int) v < 65535, "between 0 and 65534 (0 picks free ports)");
  public static final ConfigKey EMBEDDED_REGISTRY_PORT =
      ConfigKey.of(
              "embedded.registry.port",
              "embedded",
              ConfigType.INT,
              "8081",
              "HTTP port of the embedded Apicurio Registry.")
          .withRule(
              v -> (int) v >= 0 && (int) v <= 65535, "between 0 and 65535 (0 picks a free port)");
  public static final ConfigKey EMBEDDED_REGISTRY_HOME =
      ConfigKey.of(
          "embedded.registry.home",
          "embedded",
          ConfigType.STRING,
          "",
          "Directory holding apicurio-registry-app-*-runner.jar. Empty uses the one shipped with the archiver: registry/ in the release archive, topology/target/apicurio in a source tree.");

  private static final List<ConfigKey> ALL =
      List.of(
          KAFKA_BOOTSTRAP_SERVERS,
          REGISTRY_URL,
          DATA_DIR,
          HTTP_PORT,
          HTTP_HOST,
          HTTP_TOKEN,
          HTTP_ADVERTISED_HOST,
          LOG_FORMAT,
          LOG_LEVEL,
          LOG_LEVELS,
          APPLICATION_ID,
          STREAM_THREADS,
          TRANSACTION_TIMEOUT,
          COMMIT_INTERVAL,
          WORK_CHUNK_THREADS,
          WORK_RUN_THREADS,
          WORK_RETRY_MAX_ATTEMPTS,
          WORK_RETRY_BACKOFF,
          TOPIC_PARTITIONS,
          TOPIC_REPLICATION,
          AUDIT_RETENTION,
          SOURCE_ROOTS,
          RESTORE_ROOTS,
          RESTORE_UMASK,
          TIER_FILESYSTEM_PATH,
          TIER_S3_ENDPOINT,
          TIER_S3_BUCKET,
          TIER_S3_PREFIX,
          TIER_S3_REGION,
          TIER_S3_PATH_STYLE,
          TIER_S3_ACCESS_KEY,
          TIER_S3_SECRET_KEY,
          TIER_S3_GLACIER_CLASS,
          TIER_S3_THAW,
          TIER_S3_SIMULATED_THAW_TIME,
          TIER_S3_MULTIPART_THRESHOLD,
          TIER_S3_PART_SIZE,
          TIER_S3_TIER_BUCKETS,
          TIER_SPOOL_DIR,
          TIER_SPOOL_MAX_BYTES,
          TIER_SPOOL_KEEP_UNCLAIMED,
          TIER_POLICY,
          TIER_ROTATION_INTERVAL,
          RETENTION_CLASSES,
          RETENTION_DEFAULT_CLASS,
          RETENTION_PURGE_INTERVAL,
          CHUNK_SIZE,
          COMPRESSION_LEVEL,
          CHUNK_MAX_ATTEMPTS,
          CHUNK_RETRY_BACKOFF,
          INTEGRITY_SCHEDULE_INTERVAL,
          INTEGRITY_SCHEDULE_SAMPLE,
          COST_PRICES,
          COST_FILESYSTEM_PRICE,
          EMBEDDED_KAFKA_PORT,
          EMBEDDED_REGISTRY_PORT,
          EMBEDDED_REGISTRY_HOME,
          EMBEDDED_S3_PORT);

  /**
   * Kafka client settings handed to every Kafka client the archiver builds: TLS, SASL, timeouts.
   */
  public static final ConfigPrefix KAFKA_CLIENT =
      new ConfigPrefix(
          "kafka.client.",
          "kafka",
          "",
          KafkaClientNames.NAMES,
          KafkaClientNames.OWNED,
          KafkaClientNames::problem,
          "Any setting Kafka's admin, producer and consumer clients all understand, under its Kafka name, e.g."
              + " kafka.client.security.protocol=SASL_SSL, kafka.client.sasl.mechanism=PLAIN, kafka.client.sasl.jaas.config=...,"
              + " kafka.client.ssl.truststore.location=/etc/archiver/ca.p12. Reaches Kafka Streams and every admin client,"
              + " producer and consumer of the service and the CLI; the archiver's own client settings (acks, isolation, exactly-once) win.");

  /** Apicurio serde settings for reaching and authenticating to the registry. */
  public static final ConfigPrefix REGISTRY_CLIENT =
      new ConfigPrefix(
          "registry.client.",
          "kafka",
          RegistryClientNames.TARGET_PREFIX,
          RegistryClientNames.NAMES,
          RegistryClientNames.OWNED,
          RegistryClientNames::problem,
          "Apicurio serde settings for reaching the registry, under Apicurio's name without 'apicurio.registry.': basic auth"
              + " (registry.client.auth.username, .password), OAuth2 client credentials (auth.service.token.endpoint, auth.client.id,"
              + " auth.client.secret, auth.client.scope), TLS trust (tls.truststore.location, tls.certificates, ...), a proxy, retries."
              + " Reaches every serde of the service and the CLI.");

  private static final List<ConfigPrefix> PREFIXES = List.of(KAFKA_CLIENT, REGISTRY_CLIENT);

  private ConfigKeys() {}

  private static boolean isLogLevel(String level) {
    return List.of(LEVEL_NAMES.split(", ")).contains(level.toLowerCase(java.util.Locale.ROOT));
  }

  /** The pass-through families, in the order the reference lists them. */
  public static List<ConfigPrefix> prefixes() {
    return PREFIXES;
  }

  public static List<ConfigKey> all() {
    return ALL;
  }

  /** Keys by name, in declaration order. */
  public static Map<String, ConfigKey> byName() {
    Map<String, ConfigKey> map = new LinkedHashMap<>();
    ALL.forEach(k -> map.put(k.name(), k));
    return map;
  }

  private static boolean isPositiveDuration(String raw) {
    try {
      java.time.Duration d = (java.time.Duration) ConfigType.DURATION.parseValue(raw);
      return !d.isNegative() && !d.isZero();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
