package dev.archiver.streams.intake;

import dev.archiver.streams.validation.Rejection;

import dev.archiver.events.ReasonCode;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.serde.WrongSchemaException;
import java.nio.charset.StandardCharsets;
import com.microsoft.kiota.ApiException;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import java.util.Locale;
import org.apache.avro.AvroTypeException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a request's bytes into its event. Topics are read as bytes so that anything that does not decode is
 * dead-lettered as it came, with the reason, instead of stopping or silently skipping.
 */
public final class DecodeRequest<T> extends ContextualProcessor<byte[], byte[], Object, Object> {

  private final RequestKind<T> kind;
  private Deserializer<T> deserializer;
  private final RejectionRouter rejections;

  public DecodeRequest(RequestKind<T> kind, ArchiverMetrics metrics) {
    this.kind = kind;
    this.rejections = new RejectionRouter(kind, metrics);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    super.init(context);
    this.deserializer = kind.topic().valueSerde().deserializer();
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    T value;
    try {
      value = decode(record);
    } catch (RuntimeException e) {
      // The key is the request id by contract: a producer waiting on it hears why, even when the body is unreadable.
      rejections.reject(context(), record.key(), record.value(), record.headers(), key, null, classify(e));
      return;
    }
    context().forward(
        new Record<Object, Object>(key, new Decoded<>(value, record.key(), record.value()), record.timestamp(), record.headers()),
        kind.validateNode());
  }

  private T decode(Record<byte[], byte[]> record) {
    byte[] bytes = record.value();
    if (bytes == null || bytes.length == 0) {
      throw new MalformedInput("the value is empty (a tombstone); requests are never deleted, publish a new request instead");
    }
    if (bytes.length < 5 || bytes[0] != 0) {
      throw new MalformedInput(
          "the value is not in the schema-registry wire format (magic byte 0, 4-byte schema id, Avro body); "
              + "produce it with an Avro serializer that uses the registry");
    }
    return deserializer.deserialize(kind.topic().name(), record.headers(), bytes);
  }

  public static Rejection classify(RuntimeException e) {
    if (e instanceof MalformedInput) {
      return Rejection.of(ReasonCode.MALFORMED_RECORD, e.getMessage());
    }
    if (e instanceof WrongSchemaException) {
      return Rejection.of(ReasonCode.WRONG_EVENT_TYPE, e.getMessage());
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      String lower = message.toLowerCase(Locale.ROOT);
      if (t instanceof AvroTypeException && lower.contains("missing required field")) {
        return Rejection.of(ReasonCode.MISSING_FIELD, "the record lacks a required field: " + message);
      }
      if (t instanceof ApiException api && api.getResponseStatusCode() == 404) {
        String detail = api instanceof ProblemDetails problem ? problem.getDetail() : message;
        return Rejection.of(ReasonCode.UNKNOWN_SCHEMA, "the schema id in the record is not in the registry: " + detail);
      }
      if (lower.contains("404")
          || lower.contains("no content with")
          || lower.contains("not found")) {
        return Rejection.of(
            ReasonCode.UNKNOWN_SCHEMA,
            "the schema id in the record is not in the registry (" + t.getClass().getSimpleName() + ": " + message + ")");
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return Rejection.of(
        ReasonCode.MALFORMED_RECORD, "the value does not decode: " + root.getClass().getSimpleName() + ": " + root.getMessage());
  }

  /** Input that is not even in the wire format. */
  static final class MalformedInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedInput(String message) {
      super(message);
    }
  }
}
