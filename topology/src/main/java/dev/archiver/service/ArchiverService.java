package dev.archiver.service;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.BrokerRefusal;
import dev.archiver.config.KafkaClientProperties;
import dev.archiver.config.Secrets;
import dev.archiver.connectors.paths.PrivateFiles;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.cost.CostPrices;
import dev.archiver.embedded.EmbeddedS3;
import dev.archiver.embedded.EmbeddedStack;
import dev.archiver.events.StorageTier;
import dev.archiver.http.HealthPart;
import dev.archiver.http.HealthProbes;
import dev.archiver.http.HttpApi;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.ArchiverTopology;
import dev.archiver.streams.DeadLetterProcessingHandler;
import dev.archiver.streams.StreamsSettings;
import dev.archiver.streams.common.TierStores;
import dev.archiver.streams.restore.RestoreProgress;
import dev.archiver.streams.serde.ApicurioSerdeFactory;
import dev.archiver.streams.serde.EventTopics;
import dev.archiver.streams.topics.RepartitionPurger;
import dev.archiver.streams.topics.TopicPlan;
import dev.archiver.streams.topics.TopicProvisioner;
import dev.archiver.streams.work.WorkPools;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running archiver: the embedded stack when no broker is configured, the topics, the Streams
 * application and the HTTP port. Closing it finishes in-flight work (Streams commits) before the
 * broker goes away.
 */
public final class ArchiverService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ArchiverService.class);

  /** How often consumed records are deleted from the repartition topics. */
  private static final Duration PURGE_EVERY = Duration.ofSeconds(10);

  private final ArchiverConfig config;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ArchiverMetrics metrics = new ArchiverMetrics(registry);
  private final RestoreProgress restoreProgress = new RestoreProgress();
  private final StoreQueries queries = new StoreQueries(() -> this.streams, restoreProgress);
  private EmbeddedStack stack;
  private TierStores tiers;
  private Admin admin;
  private KafkaStreams streams;
  private WorkPools pools;
  private RepartitionPurger purger;
  private KafkaStreamsMetrics streamsMetrics;
  private HttpApi http;
  private String bootstrapServers;
  private String registryUrl;

  private final UnaryOperator<TierStore> tierDecorator;

  private ArchiverService(ArchiverConfig config, UnaryOperator<TierStore> tierDecorator) {
    this.config = config;
    this.tierDecorator = tierDecorator;
  }

  public static ArchiverService start(ArchiverConfig config)
      throws IOException, InterruptedException {
    return start(config, UnaryOperator.identity());
  }

  /**
   * Starts the archiver with its tier stores wrapped.
   *
   * @param tierDecorator wraps the tier store: tests and benchmarks slow it down or break it on
   *     purpose, to show what a slow or failing S3 does to the service
   */
  public static ArchiverService start(ArchiverConfig config, UnaryOperator<TierStore> tierDecorator)
      throws IOException, InterruptedException {
    ArchiverService service = new ArchiverService(config, tierDecorator);
    try {
      service.startParts();
      return service;
    } catch (IOException | InterruptedException | RuntimeException e) {
      service.close();
      throw e;
    }
  }

  private void startParts() throws IOException, InterruptedException {
    // Checked before anything starts: a bad cost.prices file stops start-up naming the key.
    queries.pricedBy(CostPrices.fromConfig(config));
    createDirectories();
    if (config.embedded()) {
      stack = EmbeddedStack.start(config);
      bootstrapServers = stack.bootstrapServers();
      registryUrl = stack.registryUrl();
    } else {
      bootstrapServers = config.bootstrapServers().orElseThrow();
      registryUrl = config.registryUrl().orElseThrow();
    }
    KafkaClientProperties clients = KafkaClientProperties.of(config, bootstrapServers);
    // One admin client for topic provisioning, the repartition purger and the health probe.
    admin =
        Admin.create(
            clients.with(
                Map.of(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-admin")));
    provisionTopics();

    EventTopics topics =
        new EventTopics(
            new ApicurioSerdeFactory(
                ApicurioSerdeFactory.settingsFor(registryUrl, config.registryClientSettings())));
    Properties props = StreamsSettings.of(config, clients);
    props.put(DeadLetterProcessingHandler.METRICS_CONFIG, metrics);
    tiers =
        TierSetup.build(
            config,
            stack == null
                ? java.util.Optional.empty()
                : stack.s3().map(s3 -> new TierSetup.S3Endpoint(s3.endpoint(), EmbeddedS3.BUCKET)),
            tierDecorator);
    TierSetup.abortStaleUploads(tiers);
    // The HTTP port first: Streams advertises it (application.server) so instances can route
    // queries by key.
    List<HealthPart> parts = new java.util.ArrayList<>();
    parts.add(HealthProbes.broker(admin, bootstrapServers));
    parts.add(HealthProbes.registry(registryUrl));
    parts.add(HealthProbes.tier("filesystem", config.filesystemTierPath()));
    if (tiers.configured().contains(StorageTier.S3_STANDARD)) {
      parts.add(
          HealthProbes.objectStore(
              "s3", TierSetup.describe(tiers), tiers.get(StorageTier.S3_STANDARD)));
      parts.add(HealthProbes.spool(config.spoolPath(), tiers.spool()));
    }
    parts.add(HealthProbes.streams(() -> streams, config.applicationId()));
    http =
        HttpApi.start(
            new HttpApi.Binding(config.httpHost(), config.httpPort(), config.httpToken()),
            parts,
            registry::scrape,
            queries);
    HostInfo self = new HostInfo(config.httpAdvertisedHost(), http.port());
    queries.advertisedAs(self);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    pools = WorkPools.threads(config.chunkWorkThreads(), config.runWorkThreads());
    metrics.watchJobs(pools::runningJobs);
    metrics.watchTiers(
        tiers.configured().stream()
            .map(StorageTier::name)
            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)),
        queries::tierUsage,
        config.filesystemTierPath());
    watchSpool();
    streams =
        new KafkaStreams(
            ArchiverTopology.build(config, topics, tiers, metrics, restoreProgress, pools), props);
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("event=stream_thread_failed error=\"{}\"", e.toString(), e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    bindMetrics();
    streams.start();
    purger = RepartitionPurger.start(admin, config.applicationId(), PURGE_EVERY);
    LOG.info(
        "event=archiver_started embedded={} bootstrap={} registry={} tier={} http={}:{}",
        config.embedded(),
        bootstrapServers,
        Secrets.redactUrl(registryUrl),
        config.filesystemTierPath(),
        config.httpHost(),
        http.port());
  }

  /**
   * The first call to the broker: refused credentials stop start-up here, with the settings to fix.
   */
  private void provisionTopics() throws InterruptedException {
    try {
      TopicProvisioner.ensure(admin, TopicPlan.topics(config));
    } catch (RuntimeException e) {
      throw BrokerRefusal.explain(e, bootstrapServers)
          .map(reason -> (RuntimeException) new IllegalStateException(reason, e))
          .orElse(e);
    }
  }

  /**
   * The data directory and the tier are the archiver's own: made owner-only. Source and restore
   * roots are the operators'.
   */
  private void createDirectories() throws IOException {
    PrivateFiles.createDirectories(config.dataDir());
    PrivateFiles.createDirectories(config.filesystemTierPath());
    for (Path root : config.sourceRoots()) {
      Files.createDirectories(root);
    }
    for (Path root : config.restoreRoots()) {
      Files.createDirectories(root);
    }
  }

  private void watchSpool() {
    java.util.Map<String, java.util.function.BooleanSupplier> unreachable =
        new java.util.TreeMap<>();
    for (StorageTier tier : tiers.configured()) {
      if (tiers.waitsOutOutages(tier)) {
        unreachable.put(tier.name(), () -> tiers.outages().isDown(tier));
      }
    }
    metrics.watchSpool(
        tiers.spool()::usedBytes, tiers.spool()::chunks, tiers.spool().maxBytes(), unreachable);
  }

  private void bindMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
  }

  /** A run's state from the local run-state store (the instance that owns the run's partition). */
  public Optional<Object> run(String runId) {
    return queries.run(runId);
  }

  /**
   * A run's state from this instance's own store only, without asking the instance that owns it.
   */
  public Optional<Object> localRun(String runId) {
    return queries.localRun(runId);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String registryUrl() {
    return registryUrl;
  }

  /** The embedded S3 server's endpoint, when it runs (embedded default, tier.s3.bucket empty). */
  public Optional<java.net.URI> embeddedS3Endpoint() {
    return stack == null ? Optional.empty() : stack.s3().map(EmbeddedS3::endpoint);
  }

  public int httpPort() {
    return http.port();
  }

  public ArchiverMetrics metrics() {
    return metrics;
  }

  public KafkaStreams.State streamsState() {
    return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
  }

  @Override
  public void close() {
    if (purger != null) {
      purger.close();
    }

    if (http != null) {
      http.close();
    }
    if (streams != null) {
      // Leave the group: a restarted or surviving instance takes the partitions over at once
      // instead of
      // waiting out the session timeout.
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(60)));
    }
    if (pools != null) {
      pools.close(); // after the stream threads: jobs still running are resumed from their pending
      // stores next time
    }
    if (tiers != null) {
      tiers.close(); // after the pools: no job uses a store any more
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    if (stack != null) {
      stack.close();
    }
    registry.close();
    LOG.info("event=archiver_stopped");
  }
}
