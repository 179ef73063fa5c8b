package dev.archiver.streams;

import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.intake.DeadLetter;
import dev.archiver.streams.intake.DecodeRequest;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.streams.validation.Rejection;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record on an internal topic (chunk tasks and results, the repartition topics, the catalog) that
 * does not decode. Request topics are read as bytes and decoded by the intake, so this only sees
 * what the archiver itself wrote, or something written over it. A record that cannot decode is
 * skipped and dead-lettered with its bytes and the reason, so one bad record cannot stop a thread
 * (or, on the catalog, every instance). A registry that cannot be reached is not the record's
 * fault: the thread fails and is replaced, and the record is read again.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
  private ArchiverMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = DeadLetterProcessingHandler.metricsIn(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (unreachable(exception)) {
      LOG.error(
          "event=internal_record_undecodable_registry_unreachable topic={} partition={} offset={} error=\"{}\" (read again once it answers)",
          record.topic(),
          record.partition(),
          record.offset(),
          String.valueOf(exception.getMessage()).replace('"', '\''));
      return Response.fail();
    }
    Rejection rejection =
        exception instanceof RuntimeException e
            ? DecodeRequest.classify(e)
            : Rejection.of(
                dev.archiver.events.ReasonCode.MALFORMED_RECORD, String.valueOf(exception));
    LOG.error(
        "event=internal_record_skipped topic={} partition={} offset={} reason={} error=\"{}\"",
        record.topic(),
        record.partition(),
        record.offset(),
        rejection.reason(),
        rejection.message().replace('"', '\''));
    metrics.deadLettered(record.topic(), rejection.reason().name());
    if (TopicNames.CATALOG.equals(record.topic())) {
      // Read by the global thread, which cannot produce dead letters (Kafka Streams 4.3 fails it
      // with a
      // ClassCastException): skipped, named in the log line above and counted; the record stays in
      // its topic.
      return Response.resume();
    }
    return Response.resume(
        List.of(
            DeadLetter.forHandler(
                record.key(),
                record.value(),
                record.headers(),
                rejection,
                record.topic(),
                record.partition(),
                record.offset())));
  }

  /**
   * The registry (or the network to it) failed, not the record: worth reading the record again
   * later.
   */
  static boolean unreachable(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof SocketTimeoutException
          || t instanceof UnknownHostException
          || t instanceof HttpTimeoutException
          || (t instanceof IOException
              && String.valueOf(t.getMessage()).contains("Connection refused"))) {
        return true;
      }
      if (t instanceof ProblemDetails problem
          && problem.getStatus() != null
          && problem.getStatus() >= 500) {
        return true;
      }
    }
    return false;
  }
}
