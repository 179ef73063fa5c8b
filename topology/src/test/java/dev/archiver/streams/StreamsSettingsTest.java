package dev.archiver.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigException;
import dev.archiver.config.KafkaClientProperties;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The stream threads' commit interval: Streams' exactly-once default unless configured. */
class StreamsSettingsTest {

  private static Properties settings(Map<String, String> values) {
    ArchiverConfig config = ArchiverConfig.defaultsWith(values);
    return StreamsSettings.of(config, KafkaClientProperties.of(config, "broker:9092"));
  }

  @Test
  void shouldCommitEvery100MsByDefault() {
    assertThat(settings(Map.of()))
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L)
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
  }

  @Test
  void shouldCommitAsConfigured() {
    assertThat(settings(Map.of("streams.commit.interval", "1s")))
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000L)
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
  }

  @Test
  void shouldRefuseAnIntervalOutsideItsBounds() {
    assertThatThrownBy(() -> settings(Map.of("streams.commit.interval", "5ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.commit.interval");
    assertThatThrownBy(() -> settings(Map.of("streams.commit.interval", "2m")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.commit.interval");
  }
}
