package dev.archiver.cli;

import dev.archiver.config.ArchiverConfig;

/**
 * Where a client command (archive, status) finds the cluster: the configured broker and registry, or the
 * embedded ones `archiver up` starts on their configured ports.
 */
record ClientEndpoints(String bootstrapServers, String registryUrl) {

  static ClientEndpoints of(ArchiverConfig config) {
    return new ClientEndpoints(
        config.bootstrapServers().orElse("localhost:" + config.embeddedKafkaPort()),
        config.registryUrl().orElse("http://localhost:" + config.embeddedRegistryPort() + "/apis/registry/v3"));
  }
}
