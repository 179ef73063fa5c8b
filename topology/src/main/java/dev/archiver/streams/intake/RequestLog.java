package dev.archiver.streams.intake;

import dev.archiver.streams.validation.Rejection;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One structured log line per request decision, carrying the run (or request) id. */
final class RequestLog {

  private static final Logger LOG = LoggerFactory.getLogger("dev.archiver.requests");

  private RequestLog() {}

  static void rejected(RequestKind<?> kind, String id, RecordMetadata source, Rejection rejection) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", id)) {
      LOG.warn(
          "event=request_rejected topic={} partition={} offset={} reason={} message=\"{}\"",
          source.topic(),
          source.partition(),
          source.offset(),
          rejection.reason(),
          rejection.message().replace('"', '\''));
    }
  }

  static void accepted(RequestKind<?> kind, String id, String actor) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", id)) {
      LOG.info("event=request_accepted kind={} requested_by={}", kind.name(), actor);
    }
  }
}
