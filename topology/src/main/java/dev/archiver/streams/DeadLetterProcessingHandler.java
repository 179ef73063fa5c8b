package dev.archiver.streams;

import dev.archiver.events.ReasonCode;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.intake.DeadLetter;
import dev.archiver.streams.validation.Rejection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence: an exception no processor handled. The input's original bytes go to the
 * dead-letter topic with the exception in headers and the application goes on, so one bad record
 * cannot stop every run behind it. Exception messages must not carry secrets: they end up in
 * headers.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

  /** Streams config key under which the service passes its {@link ArchiverMetrics}. */
  public static final String METRICS_CONFIG = "archiver.metrics";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
  private ArchiverMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = metricsIn(configs);
  }

  /**
   * The service's metrics as passed in the Streams config; a registry of its own when there are
   * none (tests).
   */
  static ArchiverMetrics metricsIn(Map<String, ?> configs) {
    Object configured = configs.get(METRICS_CONFIG);
    return configured instanceof ArchiverMetrics m ? m : ArchiverMetrics.standalone();
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    String message = exception.getClass().getName() + ": " + exception.getMessage();
    LOG.error(
        "event=processing_failed node={} topic={} partition={} offset={} error=\"{}\"",
        context.processorNodeId(),
        context.topic(),
        context.partition(),
        context.offset(),
        message.replace('"', '\''),
        exception);
    Rejection rejection =
        Rejection.of(
            ReasonCode.INTERNAL_ERROR,
            "processor " + context.processorNodeId() + " failed: " + message);
    metrics.deadLettered(String.valueOf(context.topic()), ReasonCode.INTERNAL_ERROR.name());
    return Response.resume(
        List.of(
            DeadLetter.forHandler(
                context.sourceRawKey(),
                context.sourceRawValue(),
                context.headers(),
                rejection,
                context.topic(),
                context.partition(),
                context.offset())));
  }
}
