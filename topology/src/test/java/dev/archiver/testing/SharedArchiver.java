package dev.archiver.testing;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.service.ArchiverService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one archiver on the embedded broker and the real Apicurio Registry per test JVM (the
 * registry takes seconds to start), and stops it when the JVM's tests are done. Tests get fresh ids
 * on it, not fresh servers.
 */
public final class SharedArchiver implements BeforeAllCallback {

  private static Running running;

  /** The running archiver and what it was started with. */
  public record Running(ArchiverService service, ArchiverConfig config, Path dataDir)
      implements AutoCloseable {
    @Override
    public void close() {
      service.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (SharedArchiver.class) {
      if (running == null) {
        Path dataDir = Files.createTempDirectory("archiver-it-");
        ArchiverConfig config = ArchiverConfig.defaultsWith(embeddedOnFreePorts(dataDir));
        running = new Running(ArchiverService.start(config), config, dataDir);
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .put(SharedArchiver.class.getName(), running);
      }
    }
  }

  public static Running get() {
    return running;
  }

  /**
   * Config for an embedded archiver in {@code dataDir} on free ports, one stream thread, 256 KiB
   * chunks.
   */
  public static Map<String, String> embeddedOnFreePorts(Path dataDir) {
    Map<String, String> values = new HashMap<>();
    values.put(ConfigKeys.DATA_DIR.name(), dataDir.toString());
    values.put(ConfigKeys.HTTP_PORT.name(), "0");
    values.put(ConfigKeys.EMBEDDED_KAFKA_PORT.name(), "0");
    values.put(ConfigKeys.EMBEDDED_REGISTRY_PORT.name(), "0");
    values.put(ConfigKeys.STREAM_THREADS.name(), "1");
    values.put(ConfigKeys.TOPIC_PARTITIONS.name(), "2");
    // Small chunks, so small test trees make multi-chunk runs with files spanning chunks.
    values.put(ConfigKeys.CHUNK_SIZE.name(), "256KiB");
    return values;
  }
}
