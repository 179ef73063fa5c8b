package dev.archiver.streams;

import dev.archiver.events.ReasonCode;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.intake.DeadLetter;
import dev.archiver.streams.validation.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output record the broker will not take, or that will not serialize. Requests are bounded at
 * validation so this should never happen; if it does, the thread must not die over one record (and
 * stop every run behind it): the record is skipped with an error log naming it and a metric, and
 * the input that caused it is dead-lettered, so nothing vanishes unseen. A retriable failure (a
 * broker timeout) is retried instead, never skipped.
 */
public final class LastResortProductionHandler implements ProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(LastResortProductionHandler.class);
  static final String REASON = "OUTPUT_NOT_WRITTEN";

  private ArchiverMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = DeadLetterProcessingHandler.metricsIn(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return skip(context, record, exception);
  }

  @Override
  @SuppressWarnings(
      "rawtypes") // Kafka declares the record raw: an override cannot add type arguments
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    return skip(context, record, exception);
  }

  private Response skip(
      ErrorHandlerContext context, ProducerRecord<?, ?> record, Exception exception) {
    String message = exception.getClass().getName() + ": " + exception.getMessage();
    LOG.error(
        "event=output_skipped topic={} key={} value_bytes={} node={} input={}-{}@{} error=\"{}\"",
        record.topic(),
        record.key() instanceof byte[] k ? new String(k, StandardCharsets.UTF_8) : record.key(),
        record.value() instanceof byte[] v ? v.length : -1,
        context.processorNodeId(),
        context.topic(),
        context.partition(),
        context.offset(),
        message.replace('"', '\''));
    metrics.deadLettered(record.topic(), REASON);
    if (context.sourceRawValue() == null) {
      return Response.resume(); // made by a punctuation, with no input of its own to keep
    }
    Rejection rejection =
        Rejection.of(
            ReasonCode.INTERNAL_ERROR,
            "an output to " + record.topic() + " could not be written: " + message);
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
