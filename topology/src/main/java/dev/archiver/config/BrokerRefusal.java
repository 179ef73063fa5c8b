package dev.archiver.config;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Turns a broker's refusal of the archiver's credentials into a message naming the kafka.client.*
 * settings to fix. Kafka's own messages name neither our keys nor the variables an operator sets,
 * and never carry the secret itself.
 */
public final class BrokerRefusal {

  private BrokerRefusal() {}

  /**
   * The explanation when {@code failure} or one of its causes is an authentication or authorization
   * refusal.
   */
  public static Optional<String> explain(Throwable failure, String bootstrapServers) {
    String broker = bootstrapServers == null ? "the broker" : "the broker at " + bootstrapServers;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SaslAuthenticationException) {
        return Optional.of(
            broker
                + " refused the archiver's SASL credentials ("
                + t.getMessage()
                + "); fix: check the user and password in "
                + key("sasl.jaas.config")
                + " and the mechanism in "
                + key("sasl.mechanism"));
      }
      if (t instanceof SslAuthenticationException) {
        return Optional.of(
            "the TLS handshake with "
                + broker
                + " failed ("
                + t.getMessage()
                + "); fix: trust the broker's CA with "
                + key("ssl.truststore.location")
                + " or "
                + key("ssl.truststore.certificates")
                + ", and for mutual TLS give the client certificate with kafka.client.ssl.keystore.*");
      }
      if (t instanceof AuthenticationException) {
        return Optional.of(
            broker
                + " refused to authenticate the archiver ("
                + t.getMessage()
                + "); fix: check "
                + key("security.protocol")
                + " and the kafka.client.sasl.* or kafka.client.ssl.* settings it needs");
      }
      if (t instanceof AuthorizationException) {
        return Optional.of(
            broker
                + " authenticated the archiver but does not allow it ("
                + t.getMessage()
                + "); fix: grant the archiver's"
                + " principal access to its topics (archiver.*), its consumer group and transactional ids (both named after"
                + " streams.application.id), or connect as another user via "
                + key("sasl.jaas.config"));
      }
    }
    return Optional.empty();
  }

  private static String key(String kafkaName) {
    return ConfigKeys.KAFKA_CLIENT.prefix()
        + kafkaName
        + " ("
        + ConfigKeys.KAFKA_CLIENT.envVar(kafkaName)
        + ")";
  }
}
