package dev.archiver.embedded;

import dev.archiver.config.ArchiverConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The default deployment: a broker, a registry and (unless the S3 tiers have a bucket of their own)
 * an S3 API started for the archiver, with their state under the data directory. They start in
 * parallel with the registry, the slow one.
 */
public final class EmbeddedStack implements AutoCloseable {

  private final EmbeddedKafkaBroker broker;
  private final EmbeddedSchemaRegistry registry;
  private EmbeddedS3 s3;

  private EmbeddedStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
    this.broker = broker;
    this.registry = registry;
  }

  public static EmbeddedStack start(ArchiverConfig config) {
    int kafkaPort =
        config.embeddedKafkaPort() == 0 ? FreePorts.nextPair() : config.embeddedKafkaPort();
    int controllerPort = kafkaPort + 1;
    int registryPort = FreePorts.orFree(config.embeddedRegistryPort());
    requireFree(kafkaPort, "embedded.kafka.port");
    requireFree(controllerPort, "embedded.kafka.port (+1, the controller)");
    requireFree(registryPort, "embedded.registry.port");

    Path dataDir = config.dataDir();
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker(dataDir.resolve("kafka"), kafkaPort, controllerPort);
    EmbeddedSchemaRegistry registry =
        new EmbeddedSchemaRegistry(registryHome(config), dataDir.resolve("registry"), registryPort);
    EmbeddedStack stack = new EmbeddedStack(broker, registry);
    try {
      CompletableFuture<Void> registryStarted =
          CompletableFuture.runAsync(
              () -> {
                try {
                  registry.start();
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
      broker.start();
      if (config.s3Bucket().isEmpty()) {
        // No bucket of the user's: the S3 tiers run on an S3 API of our own, as compose runs one.
        stack.s3 = EmbeddedS3.start(dataDir.resolve("s3"), config.embeddedS3Port());
      }
      registryStarted.join();
      return stack;
    } catch (Exception e) {
      stack.close();
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "the embedded stack did not start: " + cause.getMessage(), cause);
    }
  }

  private static void requireFree(int port, String key) {
    if (FreePorts.inUse(port)) {
      throw new IllegalStateException(
          "port "
              + port
              + " is already in use, so the embedded stack cannot start there; fix: stop what listens on it, set "
              + key
              + " to a free port (0 picks one), or point kafka.bootstrap.servers and registry.url at a running cluster");
    }
  }

  /** Where the registry is: embedded.registry.home, else the one shipped with the archiver. */
  static Path registryHome(ArchiverConfig config) {
    return config.embeddedRegistryHome().orElseGet(EmbeddedStack::shippedRegistryHome);
  }

  /**
   * The registry that came with the archiver: -Darchiver.apicurio.home (both launchers set it:
   * registry/ of the release archive, topology/target/apicurio of a source tree), else beside our
   * own jar or classes.
   */
  public static Path shippedRegistryHome() {
    String property = System.getProperty("archiver.apicurio.home");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    try {
      Path codeSource =
          Path.of(EmbeddedStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // topology/target/archiver.jar or topology/target/classes -> topology/target/apicurio
      return codeSource.getParent().resolve("apicurio");
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("topology", "target", "apicurio");
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  /** The embedded S3 server, when the S3 tiers use it (tier.s3.bucket empty). */
  public java.util.Optional<EmbeddedS3> s3() {
    return java.util.Optional.ofNullable(s3);
  }

  @Override
  public void close() {
    try {
      broker.close();
    } finally {
      try {
        registry.close();
      } finally {
        if (s3 != null) {
          s3.close();
        }
      }
    }
  }
}
