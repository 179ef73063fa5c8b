package dev.archiver.streams.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An event in a state store, as Avro single-object encoding (schema fingerprint + binary):
 * internal, so no registry round trip, and a record written by another schema version fails loudly
 * instead of decoding wrong.
 */
public final class AvroStoreSerde<T extends SpecificRecord> implements Serde<T> {

  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final String typeName;

  public AvroStoreSerde(Class<T> type) {
    SpecificData data = SpecificData.getForClass(type);
    org.apache.avro.Schema schema = data.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(data, schema);
    this.decoder = new BinaryMessageDecoder<>(data, schema);
    this.typeName = type.getSimpleName();
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      try {
        if (value == null) {
          return null;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        encoder.encode(value, out);
        return out.toByteArray();
      } catch (IOException e) {
        throw new SerializationException("cannot encode " + typeName, e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      try {
        return bytes == null ? null : decoder.decode(ByteBuffer.wrap(bytes));
      } catch (IOException e) {
        throw new SerializationException(
            "cannot decode " + typeName + " (written by another schema version?)", e);
      }
    };
  }
}
