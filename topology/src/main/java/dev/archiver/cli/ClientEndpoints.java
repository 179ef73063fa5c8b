package dev.archiver.cli;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.KafkaClientProperties;
import dev.archiver.streams.serde.ApicurioSerdeFactory;
import java.util.Map;

/**
 * How a client command (archive, verify, restore, demo) reaches the cluster: the configured broker
 * and registry, or the embedded ones `archiver up` starts on their configured ports, with the
 * kafka.client.* and registry.client.* settings every producer, consumer and serde of the CLI
 * starts from.
 *
 * @param kafka brokers and connection settings for producers and consumers
 * @param registry the serde settings: registry URL, its auth settings and the archiver's wire
 *     format
 */
record ClientEndpoints(KafkaClientProperties kafka, Map<String, Object> registry) {

  static ClientEndpoints of(ArchiverConfig config) {
    return of(
        config,
        config.bootstrapServers().orElse("localhost:" + config.embeddedKafkaPort()),
        config
            .registryUrl()
            .orElse("http://localhost:" + config.embeddedRegistryPort() + "/apis/registry/v3"));
  }

  /**
   * For a broker and registry whose addresses are known only once they run (the demo's embedded
   * stack).
   */
  static ClientEndpoints of(ArchiverConfig config, String bootstrapServers, String registryUrl) {
    return new ClientEndpoints(
        KafkaClientProperties.of(config, bootstrapServers),
        ApicurioSerdeFactory.settingsFor(registryUrl, config.registryClientSettings()));
  }
}
