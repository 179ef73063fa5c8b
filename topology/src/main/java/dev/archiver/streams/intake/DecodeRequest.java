package dev.archiver.streams.intake;

import com.microsoft.kiota.ApiException;
import dev.archiver.events.ReasonCode;
import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.serde.WrongSchemaException;
import dev.archiver.streams.validation.Rejection;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.AvroTypeException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request's bytes into its event. Topics are read as bytes so that anything that does not
 * decode is dead-lettered as it came, with the reason, instead of stopping or silently skipping.
 *
 * <p>A request that cannot be decoded because the schema registry is unreachable is not the
 * request's fault: it is parked as it came in a store, with every request after it (so they keep
 * their order), and decoding is tried again on a wall-clock schedule with backoff (1 s doubling to
 * 30 s) until the registry answers. Nothing is dead-lettered for an outage, and no stream thread
 * waits.
 */
public final class DecodeRequest<T> extends ContextualProcessor<byte[], byte[], Object, Object> {

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration LAST_RETRY = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(DecodeRequest.class);

  private final RequestKind<T> kind;
  private Deserializer<T> deserializer;
  private final RejectionRouter rejections;
  private KeyValueStore<String, ParkedRequest> parked;
  private long parkedCount; // kept beside the store, so process() needs no store scan
  private Duration backoff = FIRST_RETRY;
  private long nextAttempt;

  public DecodeRequest(RequestKind<T> kind, ArchiverMetrics metrics) {
    this.kind = kind;
    this.rejections = new RejectionRouter(kind, metrics);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    super.init(context);
    this.deserializer = kind.topic().valueSerde().deserializer();
    this.parked = context.getStateStore(kind.awaitingRegistryStore());
    try (KeyValueIterator<String, ParkedRequest> all = parked.all()) {
      all.forEachRemaining(
          kv -> parkedCount++); // left by an outage before a restart or a task move
    }
    context.schedule(FIRST_RETRY, PunctuationType.WALL_CLOCK_TIME, this::retryParked);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (hasParked() || !decodeAndForward(record)) {
      park(record);
    }
  }

  /**
   * Decodes and forwards (or rejects) the record; false, having done nothing, when the registry is
   * unreachable.
   */
  private boolean decodeAndForward(Record<byte[], byte[]> record) {
    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    T value;
    try {
      value = decode(record);
    } catch (RuntimeException e) {
      if (RegistryUnavailable.causedBy(e)) {
        return false;
      }
      // The key is the request id by contract: a producer waiting on it hears why, even when the
      // body is unreadable.
      rejections.reject(
          context(), record.key(), record.value(), record.headers(), key, null, classify(e));
      return true;
    }
    context()
        .forward(
            new Record<Object, Object>(
                key,
                new Decoded<>(value, record.key(), record.value()),
                record.timestamp(),
                record.headers()),
            kind.validateNode());
    return true;
  }

  private void park(Record<byte[], byte[]> record) {
    long offset = context().recordMetadata().map(m -> m.offset()).orElse(-1L);
    if (!hasParked()) {
      LOG.warn(
          "event=requests_awaiting_registry topic={} reason=\"schema registry unreachable; requests wait and are decoded when it is back\"",
          kind.topic().name());
      nextAttempt = context().currentSystemTimeMs() + backoff.toMillis();
    }
    parked.put(
        String.format("%019d", offset),
        ParkedRequest.of(record)); // by offset: the task reads one partition
    parkedCount++;
  }

  private boolean hasParked() {
    return parkedCount > 0;
  }

  /**
   * Decodes parked requests in order, until the registry fails again (then backs off) or none is
   * left.
   */
  private void retryParked(long now) {
    if (!hasParked() || now < nextAttempt) {
      return;
    }
    List<String> done = new ArrayList<>();
    boolean registryBack = true;
    try (KeyValueIterator<String, ParkedRequest> all = parked.all()) {
      while (all.hasNext()) {
        KeyValue<String, ParkedRequest> next = all.next();
        if (!decodeAndForward(next.value.toRecord())) {
          registryBack = false;
          break;
        }
        done.add(next.key);
      }
    }
    done.forEach(parked::delete);
    parkedCount -= done.size();
    if (registryBack) {
      if (!done.isEmpty()) {
        LOG.info(
            "event=requests_decoded_after_outage topic={} requests={}",
            kind.topic().name(),
            done.size());
      }
      backoff = FIRST_RETRY;
    } else {
      backoff =
          backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
      nextAttempt = now + backoff.toMillis();
    }
  }

  private T decode(Record<byte[], byte[]> record) {
    byte[] bytes = record.value();
    if (bytes == null || bytes.length == 0) {
      throw new MalformedInput(
          "the value is empty (a tombstone); requests are never deleted, publish a new request instead");
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
        return Rejection.of(
            ReasonCode.MISSING_FIELD, "the record lacks a required field: " + message);
      }
      if (t instanceof ApiException api && api.getResponseStatusCode() == 404) {
        String detail = api instanceof ProblemDetails problem ? problem.getDetail() : message;
        return Rejection.of(
            ReasonCode.UNKNOWN_SCHEMA,
            "the schema id in the record is not in the registry: " + detail);
      }
      if (lower.contains("404")
          || lower.contains("no content with")
          || lower.contains("not found")) {
        return Rejection.of(
            ReasonCode.UNKNOWN_SCHEMA,
            "the schema id in the record is not in the registry ("
                + t.getClass().getSimpleName()
                + ": "
                + message
                + ")");
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return Rejection.of(
        ReasonCode.MALFORMED_RECORD,
        "the value does not decode: " + root.getClass().getSimpleName() + ": " + root.getMessage());
  }

  /** Input that is not even in the wire format. */
  static final class MalformedInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedInput(String message) {
      super(message);
    }
  }
}
