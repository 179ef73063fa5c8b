package dev.archiver.streams.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A well-formed record of another event type on a topic. */
public final class WrongSchemaException extends SerializationException {

  private static final long serialVersionUID = 1L;

  public WrongSchemaException(String message) {
    super(message);
  }
}
