package dev.archiver.streams.processors;

import dev.archiver.events.ReasonCode;
import dev.archiver.metrics.ArchiverMetrics;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Applies a request kind's rules: accepted requests go on, refused ones to the dead-letter topic with the reason. */
public final class ValidateRequest<T> implements Processor<Object, Object, Object, Object> {

  private final RequestKind<T> kind;
  private final ArchiverMetrics metrics;
  private final RejectionRouter rejections;
  private ProcessorContext<Object, Object> context;

  public ValidateRequest(RequestKind<T> kind, ArchiverMetrics metrics) {
    this.kind = kind;
    this.metrics = metrics;
    this.rejections = new RejectionRouter(kind, metrics);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  /**
   * Results come back keyed by the request's id and meet its state in the partition of that key: a request keyed
   * otherwise would wait forever, so it is refused up front.
   */
  private Optional<Rejection> keyMatchesId(Object key, String id) {
    return id.equals(key)
        ? Optional.empty()
        : Optional.of(
            Rejection.of(
                ReasonCode.INVALID_FIELD,
                "record key '" + key + "' must equal the request's id '" + id + "'; produce it keyed by that id"));
  }

  @Override
  public void process(Record<Object, Object> record) {
    @SuppressWarnings("unchecked") // DecodeRequest of the same kind is the only parent
    Decoded<T> decoded = (Decoded<T>) record.value();
    T request = decoded.value();
    Optional<Rejection> rejection = kind.rules().check(request).or(() -> keyMatchesId(record.key(), kind.id().apply(request)));
    if (rejection.isEmpty()) {
      metrics.requestAccepted(kind.topic().name());
      context.forward(record.withKey(kind.id().apply(request)).withValue(request), kind.acceptNode());
      return;
    }
    String id = kind.id().apply(request);
    String requestId = RequestIds.isValid(id) ? id : (String) record.key();
    rejections.reject(context, decoded.rawKey(), decoded.rawValue(), record.headers(), requestId, rejection.get());
  }
}
