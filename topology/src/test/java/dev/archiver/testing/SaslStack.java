package dev.archiver.testing;

import dev.archiver.embedded.EmbeddedKafkaBroker;
import dev.archiver.embedded.EmbeddedSchemaRegistry;
import dev.archiver.embedded.FreePorts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A broker whose only client listener is SASL_PLAINTEXT with the PLAIN mechanism, as a secured
 * cluster has it, and a registry beside it. The broker knows one user, {@value #USER}; it talks to
 * itself as a second one.
 */
public final class SaslStack implements AutoCloseable {

  public static final String USER = "archiver";
  public static final String PASSWORD = "archiver-pw-7d1f";
  private static final String LISTENER = "SASL_PLAINTEXT";

  private final EmbeddedKafkaBroker broker;
  private final EmbeddedSchemaRegistry registry;

  private SaslStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
    this.broker = broker;
    this.registry = registry;
  }

  public static SaslStack start(Path dir) throws Exception {
    int port = FreePorts.nextPair();
    int controllerPort = port + 1;
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker(
            dir.resolve("kafka"), port, controllerPort, saslListener(port, controllerPort));
    EmbeddedSchemaRegistry registry =
        new EmbeddedSchemaRegistry(
            Path.of(System.getProperty("archiver.apicurio.home", "target/apicurio")),
            dir.resolve("registry"),
            FreePorts.next());
    SaslStack stack = new SaslStack(broker, registry);
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
      registryStarted.join();
      return stack;
    } catch (Exception e) {
      stack.close();
      throw e;
    }
  }

  private static Map<String, String> saslListener(int port, int controllerPort) {
    Map<String, String> p = new HashMap<>();
    p.put(
        "listeners",
        LISTENER + "://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", LISTENER + "://localhost:" + port);
    p.put("listener.security.protocol.map", LISTENER + ":SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", LISTENER);
    p.put("sasl.enabled.mechanisms", "PLAIN");
    p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    p.put(
        "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"broker-pw\""
            + " user_broker=\"broker-pw\" user_"
            + USER
            + "=\""
            + PASSWORD
            + "\";");
    return p;
  }

  /** The kafka.client.* settings of a client logging in as {@code user} with {@code password}. */
  public static Map<String, String> clientSettings(String user, String password) {
    return Map.of(
        "kafka.client.security.protocol",
        "SASL_PLAINTEXT",
        "kafka.client.sasl.mechanism",
        "PLAIN",
        "kafka.client.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  @Override
  public void close() {
    try {
      broker.close();
    } finally {
      registry.close();
    }
  }
}
