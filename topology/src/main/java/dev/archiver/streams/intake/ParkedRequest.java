package dev.archiver.streams.intake;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A request kept as it came (key, bytes, headers, timestamp) while the schema registry cannot be
 * reached to decode it: the value of a request kind's awaiting-registry store.
 */
// The bytes are a record kept as it came, serialized by Jackson into a state store, never compared:
// equals and
// hashCode by array identity are never used.
@SuppressWarnings("ArrayRecordComponent")
public record ParkedRequest(byte[] key, byte[] value, List<ParkedHeader> headers, long timestamp) {

  @SuppressWarnings("ArrayRecordComponent") // as above
  public record ParkedHeader(String key, byte[] value) {}

  static ParkedRequest of(Record<byte[], byte[]> record) {
    List<ParkedHeader> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(new ParkedHeader(header.key(), header.value()));
    }
    return new ParkedRequest(record.key(), record.value(), headers, record.timestamp());
  }

  Record<byte[], byte[]> toRecord() {
    Headers copy = new RecordHeaders();
    headers.forEach(header -> copy.add(header.key(), header.value()));
    return new Record<>(key, value, timestamp, copy);
  }
}
