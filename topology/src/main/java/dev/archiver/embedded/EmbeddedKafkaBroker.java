package dev.archiver.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (broker and controller in one) running in this JVM. Its log directory
 * lives under the data directory and is formatted only once, so topics and their data survive a
 * restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final Path logDir;
  private final int port;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private KafkaRaftServer server;

  public EmbeddedKafkaBroker(Path logDir, int port, int controllerPort) {
    this(logDir, port, controllerPort, Map.of());
  }

  /**
   * @param overrides broker properties set on top of the defaults: tests use them to give the
   *     client listener SASL or TLS, as a secured production cluster would have
   */
  public EmbeddedKafkaBroker(
      Path logDir, int port, int controllerPort, Map<String, String> overrides) {
    this.logDir = logDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.overrides = Map.copyOf(overrides);
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public synchronized void start() throws IOException {
    Files.createDirectories(logDir);
    Path propsFile = logDir.resolve("embedded-broker.properties");
    Properties props = brokerProperties();
    try (OutputStream out = Files.newOutputStream(propsFile)) {
      props.store(out, "written by the archiver's embedded stack; regenerated at every start");
    }
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format(propsFile);
    }
    server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    LOG.info("event=embedded_broker_started bootstrap={} log_dir={}", bootstrapServers(), logDir);
  }

  private Properties brokerProperties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // A transaction past its timeout is aborted within a second instead of ten: an overlong one
    // shows at once.
    p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    p.put("log.flush.interval.messages", "1");
    p.putAll(overrides);
    return p;
  }

  private void format(Path propsFile) {
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      code =
          StorageTool.execute(
              new String[] {"format", "-t", clusterId, "-c", propsFile.toString()}, out);
    }
    if (code != 0) {
      throw new IllegalStateException(
          "formatting the embedded broker's log dir "
              + logDir
              + " failed: "
              + output.toString(StandardCharsets.UTF_8));
    }
    LOG.info("event=embedded_broker_formatted cluster_id={} log_dir={}", clusterId, logDir);
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
      LOG.info("event=embedded_broker_stopped log_dir={}", logDir);
    }
  }
}
