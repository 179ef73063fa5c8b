package dev.archiver.testing;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.embedded.EmbeddedStack;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A broker and registry of their own (the embedded stack, in the test JVM, state under {@code
 * dataDir}, free ports) that outlive the archivers a test starts, stops, kills and restarts against
 * them, as a production cluster would.
 */
public final class StandaloneStack implements AutoCloseable {

  private final EmbeddedStack stack;

  private StandaloneStack(EmbeddedStack stack) {
    this.stack = stack;
  }

  public static StandaloneStack start(Path dataDir) {
    ArchiverConfig config =
        ArchiverConfig.defaultsWith(
            Map.of(
                ConfigKeys.DATA_DIR.name(), dataDir.toString(),
                ConfigKeys.EMBEDDED_KAFKA_PORT.name(), "0",
                ConfigKeys.EMBEDDED_REGISTRY_PORT.name(), "0"));
    return new StandaloneStack(EmbeddedStack.start(config));
  }

  public String bootstrapServers() {
    return stack.bootstrapServers();
  }

  public String registryUrl() {
    return stack.registryUrl();
  }

  /**
   * Config of an archiver on this stack: its own data dir (state, tier), one source root, an HTTP
   * port of its choosing, one stream thread, two partitions per topic.
   */
  public Map<String, String> archiverConfig(Path dataDir, Path sourceRoot, String chunkSize) {
    Map<String, String> values = new HashMap<>();
    values.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), bootstrapServers());
    values.put(ConfigKeys.REGISTRY_URL.name(), registryUrl());
    values.put(ConfigKeys.DATA_DIR.name(), dataDir.toString());
    values.put(ConfigKeys.SOURCE_ROOTS.name(), sourceRoot.toString());
    values.put(ConfigKeys.HTTP_PORT.name(), "0");
    values.put(ConfigKeys.STREAM_THREADS.name(), "1");
    values.put(ConfigKeys.TOPIC_PARTITIONS.name(), "2");
    values.put(ConfigKeys.CHUNK_SIZE.name(), chunkSize);
    return values;
  }

  @Override
  public void close() {
    stack.close();
  }
}
