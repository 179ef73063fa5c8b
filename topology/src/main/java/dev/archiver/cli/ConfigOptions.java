package dev.archiver.cli;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKeys;
import dev.archiver.config.ConfigLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that reads the configuration shares. */
final class ConfigOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (YAML or .properties). Env vars ARCHIVER_* override it.")
  Path configFile;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory (overrides data.dir).")
  Path dataDir;

  @Option(
      names = "--http-port",
      paramLabel = "N",
      description = "HTTP port of /health, /metrics and /api (overrides http.port).")
  Integer httpPort;

  ArchiverConfig load() {
    return load(Map.of());
  }

  /**
   * Loads the config; {@code defaults} are flag-level values a command sets unless the user gave
   * the flag.
   */
  ArchiverConfig load(Map<String, String> defaults) {
    Map<String, String> flags = new HashMap<>(defaults);
    if (dataDir != null) {
      flags.put(ConfigKeys.DATA_DIR.name(), dataDir.toString());
    }
    if (httpPort != null) {
      flags.put(ConfigKeys.HTTP_PORT.name(), httpPort.toString());
    }
    return new ConfigLoader().load(configFile, System.getenv(), flags);
  }
}
