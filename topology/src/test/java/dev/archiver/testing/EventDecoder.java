package dev.archiver.testing;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * {@link ConfluentStyleDecoder} with its schemas cached by id, for tests that decode many records
 * (progress polling): still none of our code or Apicurio's on the read path.
 */
public final class EventDecoder {

  private final ConfluentStyleDecoder decoder;
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

  public EventDecoder(String registryUrl) {
    this.decoder = new ConfluentStyleDecoder(registryUrl);
  }

  public GenericRecord decode(byte[] value) {
    try {
      int id = decoder.schemaId(value);
      Schema schema = schemas.get(id);
      if (schema == null) {
        schema = decoder.fetchSchema(id);
        schemas.put(id, schema);
      }
      return new GenericDatumReader<GenericRecord>(schema)
          .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
    } catch (IOException e) {
      throw new AssertionError("record does not decode Confluent-style", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A field of a decoded record as text (Avro strings are Utf8). */
  public static String text(GenericRecord record, String field) {
    Object value = record.get(field);
    return value == null ? null : value.toString();
  }
}
