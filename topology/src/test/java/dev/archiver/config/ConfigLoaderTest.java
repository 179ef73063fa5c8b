package dev.archiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;
  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void shouldStartEmbeddedWithDefaultsUnderTheDataDir() {
    ArchiverConfig config = loader.load(null, Map.of(), Map.of("data.dir", dir.toString()));

    assertThat(config.embedded()).isTrue();
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.chunkSize()).isEqualTo(64L << 20);
    assertThat(config.sourceRoots()).containsExactly(dir.resolve("sources"));
    assertThat(config.filesystemTierPath()).isEqualTo(dir.resolve("tier"));
    assertThat(config.streamThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void shouldReadNestedYamlAndLetEnvironmentAndFlagsOverrideIt() throws IOException {
    Path file =
        write(
            "archiver.yaml",
            """
        http:
          port: 9000
        chunk:
          size: 8MiB
        source:
          roots: [/data/a, /data/b]
        topics.audit.retention: 30d
        """);

    ArchiverConfig config =
        loader.load(file, Map.of("ARCHIVER_HTTP_PORT", "9100"), Map.of("data.dir", dir.toString()));

    assertThat(config.httpPort()).isEqualTo(9100);
    assertThat(config.chunkSize()).isEqualTo(8L << 20);
    assertThat(config.sourceRoots()).containsExactly(Path.of("/data/a"), Path.of("/data/b"));
    assertThat(config.auditRetention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void shouldReadAPropertiesFile() throws IOException {
    Path file =
        write(
            "archiver.properties",
            "kafka.bootstrap.servers=broker:9092\nregistry.url=http://registry:8080/apis/registry/v3\n");

    ArchiverConfig config = loader.load(file, Map.of(), Map.of());

    assertThat(config.embedded()).isFalse();
    assertThat(config.bootstrapServers()).contains("broker:9092");
  }

  @Test
  void shouldNameTheKeyTheValueAndTheFixForABadValue() throws IOException {
    Path file = write("bad.yaml", "http.port: eighty\n");

    assertThatThrownBy(() -> loader.load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port = 'eighty'")
        .hasMessageContaining("file " + file)
        .hasMessageContaining("fix: set http.port (or ARCHIVER_HTTP_PORT) to between 0 and 65535");
  }

  @Test
  void shouldNameTheEnvironmentVariableWhenItIsTheBadSource() {
    assertThatThrownBy(() -> loader.load(null, Map.of("ARCHIVER_CHUNK_SIZE", "1TB"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("chunk.size = '1TB' (environment variable ARCHIVER_CHUNK_SIZE)");
  }

  @Test
  void shouldSuggestTheClosestKeyForATypo() throws IOException {
    Path file = write("typo.yaml", "http.prot: 8080\n");

    assertThatThrownBy(() -> loader.load(file, Map.of(), Map.of()))
        .hasMessageContaining("http.prot")
        .hasMessageContaining("unknown key")
        .hasMessageContaining("did you mean 'http.port'");
  }

  @Test
  void shouldReportEveryProblemAtOnce() throws IOException {
    Path file = write("many.yaml", "http.port: -1\nstreams.num.threads: many\nchunk.size: 1\n");

    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));

    assertThat(e.problems())
        .extracting(ConfigException.Problem::key)
        .containsExactly("http.port", "streams.num.threads", "chunk.size");
  }

  @Test
  void shouldRefuseABrokerWithoutARegistry() {
    assertThatThrownBy(
            () ->
                loader.load(
                    null, Map.of("ARCHIVER_KAFKA_BOOTSTRAP_SERVERS", "broker:9092"), Map.of()))
        .hasMessageContaining("registry.url")
        .hasMessageContaining("fix: set registry.url");
  }

  @Test
  void shouldRefuseAMissingConfigFile() {
    assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"), Map.of(), Map.of()))
        .hasMessageContaining("does not exist");
  }

  @Test
  void shouldRefuseYamlThatDoesNotParse() throws IOException {
    Path file = write("broken.yaml", "http:\n  port: [1\n");

    assertThatThrownBy(() -> loader.load(file, Map.of(), Map.of()))
        .hasMessageContaining("cannot be read");
  }

  @Test
  void shouldReadLoggerLevelsAsANestedYamlMapAsDottedEntriesOrAsOneString() throws IOException {
    Path nested =
        write(
            "nested.yaml",
            """
        log:
          level: debug
          levels:
            org.apache.kafka: info
            dev.archiver.streams: TRACE
        """);
    Path dotted =
        write(
            "dotted.properties",
            "log.levels.org.apache.kafka=info\nlog.levels.dev.archiver.streams=TRACE\n");

    ArchiverConfig fromNested = loader.load(nested, Map.of(), Map.of());
    ArchiverConfig fromDotted = loader.load(dotted, Map.of(), Map.of());
    ArchiverConfig fromEnv =
        loader.load(
            null,
            Map.of("ARCHIVER_LOG_LEVELS", "org.apache.kafka=info, dev.archiver.streams=TRACE"),
            Map.of());

    assertThat(fromNested.logLevel()).isEqualTo("debug");
    assertThat(fromNested.logLevels())
        .containsExactly(
            Map.entry("org.apache.kafka", "info"), Map.entry("dev.archiver.streams", "TRACE"));
    assertThat(fromDotted.logLevels()).isEqualTo(fromNested.logLevels());
    assertThat(fromEnv.logLevels()).isEqualTo(fromNested.logLevels());
  }

  @Test
  void shouldLetTheEnvironmentReplaceTheFilesLoggerLevels() throws IOException {
    Path file = write("levels.yaml", "log.levels: {org.apache.kafka: info, kafka: info}\n");

    ArchiverConfig config =
        loader.load(file, Map.of("ARCHIVER_LOG_LEVELS", "dev.archiver=debug"), Map.of());

    assertThat(config.logLevels()).containsExactly(Map.entry("dev.archiver", "debug"));
  }

  @Test
  void shouldDefaultToLogfmtAtInfoWithNoLoggerLevels() {
    ArchiverConfig config = loader.load(null, Map.of(), Map.of());

    assertThat(config.logFormat()).isEqualTo(LogFormat.LOGFMT);
    assertThat(config.logLevel()).isEqualTo("info");
    assertThat(config.logLevels()).isEmpty();
  }

  @Test
  void shouldReadOffAsALevelNotAsABoolean() throws IOException {
    Path file =
        write(
            "off.yaml", "log.level: off\nlog.levels: {org.apache.kafka: off}\nlog.format: json\n");

    ArchiverConfig config = loader.load(file, Map.of(), Map.of());

    assertThat(config.logLevel()).isEqualTo("off");
    assertThat(config.logLevels()).containsEntry("org.apache.kafka", "off");
    assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
  }

  @Test
  void shouldNameTheLoggingKeyAndTheFixForABadValue() throws IOException {
    Path file =
        write(
            "badlog.yaml",
            "log.format: xml\nlog.level: loud\nlog.levels:\n  org.apache.kafka: chatty\n");

    assertThatThrownBy(() -> loader.load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("log.format = 'xml'")
        .hasMessageContaining(
            "fix: set log.format (or ARCHIVER_LOG_FORMAT) to logfmt or json, or remove it for the default logfmt")
        .hasMessageContaining("log.level = 'loud'")
        .hasMessageContaining(
            "fix: set log.level (or ARCHIVER_LOG_LEVEL) to one of trace, debug, info, warn, error, off")
        .hasMessageContaining("log.levels = 'org.apache.kafka=chatty'")
        .hasMessageContaining("fix: set log.levels (or ARCHIVER_LOG_LEVELS) to logger=level pairs");
  }

  @Test
  void shouldRefuseALoggerLevelsEntryWithoutAName() {
    assertThatThrownBy(() -> loader.load(null, Map.of("ARCHIVER_LOG_LEVELS", "warn"), Map.of()))
        .hasMessageContaining("log.levels = 'warn' (environment variable ARCHIVER_LOG_LEVELS)");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
