package dev.archiver.streams.serde;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Refuses a record written with another event's schema. The specific reader would otherwise hand
 * back, say, an ArchiveCompleted where an ArchiveRequested is expected, and the mistake would
 * surface far from its cause.
 */
public final class TypedDeserializer<T> implements Deserializer<T> {

  private final Deserializer<?> delegate;
  private final Class<T> type;

  public TypedDeserializer(Deserializer<?> delegate, Class<T> type) {
    this.delegate = delegate;
    this.type = type;
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return check(delegate.deserialize(topic, data));
  }

  @Override
  public T deserialize(String topic, Headers headers, byte[] data) {
    return check(delegate.deserialize(topic, headers, data));
  }

  private T check(Object value) {
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    String found =
        value instanceof org.apache.avro.generic.GenericContainer container
            ? container.getSchema().getFullName()
            : value.getClass().getName();
    throw new WrongSchemaException(
        "record has schema " + found + " where " + type.getName() + " is expected");
  }

  @Override
  public void close() {
    delegate.close();
  }
}
