package dev.archiver.streams.intake;

import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.validation.Rejection;
import dev.archiver.streams.validation.RequestIds;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Applies a request kind's rules: accepted requests go on, refused ones to the dead-letter topic
 * with the reason. Output keys are Object: a dead letter keeps the original key bytes, other
 * outputs are keyed by id.
 */
public final class ValidateRequest<T>
    extends ContextualProcessor<String, Decoded<T>, Object, Object> {

  private final RequestKind<T> kind;
  private final ArchiverMetrics metrics;
  private final RejectionRouter rejections;

  public ValidateRequest(RequestKind<T> kind, ArchiverMetrics metrics) {
    this.kind = kind;
    this.metrics = metrics;
    this.rejections = new RejectionRouter(kind, metrics);
  }

  @Override
  public void process(Record<String, Decoded<T>> record) {
    Decoded<T> decoded = record.value();
    T request = decoded.value();
    // The record key is not checked: the request is re-keyed by its own id next, whatever key or
    // partition it came with.
    Optional<Rejection> rejection = kind.rules().check(request);
    if (rejection.isEmpty()) {
      metrics.requestAccepted(kind.topic().name());
      context()
          .forward(
              record.withKey((Object) kind.id().apply(request)).withValue((Object) request),
              kind.nextNode());
      return;
    }
    String id = kind.id().apply(request);
    String requestId = RequestIds.isValid(id) ? id : record.key();
    rejections.reject(
        context(),
        decoded.rawKey(),
        decoded.rawValue(),
        record.headers(),
        requestId,
        kind.correlationId().apply(request),
        rejection.get());
  }
}
