package dev.archiver.streams.intake;

import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.validation.Rejection;
import dev.archiver.streams.validation.RequestIds;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Sends a refused input where it must go: the dead-letter topic (bytes as they came, reason in
 * headers), the metric, the log, and, when the request id is known, the failure event its producer
 * waits on.
 */
final class RejectionRouter {

  private final RequestKind<?> kind;
  private final ArchiverMetrics metrics;

  RejectionRouter(RequestKind<?> kind, ArchiverMetrics metrics) {
    this.kind = kind;
    this.metrics = metrics;
  }

  void reject(
      ProcessorContext<Object, Object> context,
      byte[] rawKey,
      byte[] rawValue,
      Headers headers,
      String requestId,
      String correlationId,
      Rejection rejection) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    long now = context.currentSystemTimeMs();
    context.forward(DeadLetter.of(rawKey, rawValue, headers, source, rejection, now), Sinks.DLQ);
    metrics.deadLettered(kind.topic().name(), rejection.reason().name());
    RequestLog.rejected(kind, requestId, source, rejection);
    if (RequestIds.isValid(requestId)) {
      kind.failure()
          .ifPresent(
              route ->
                  context.forward(
                      new Record<Object, Object>(
                          requestId,
                          route.notice().notice(requestId, correlationId, rejection, now),
                          now),
                      route.sink()));
    }
  }
}
