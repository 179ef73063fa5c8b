package dev.archiver.streams.intake;

import dev.archiver.streams.topics.TopicNames;
import dev.archiver.streams.validation.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The dead-letter record for an input: its original key and value bytes and headers, plus the
 * reason in archiver.dlq.* headers so an operator can read it in Kafka UI and replay it once fixed.
 */
public final class DeadLetter {

  public static final String REASON = "archiver.dlq.reason";
  public static final String MESSAGE = "archiver.dlq.message";
  public static final String SOURCE_TOPIC = "archiver.dlq.source.topic";
  public static final String SOURCE_PARTITION = "archiver.dlq.source.partition";
  public static final String SOURCE_OFFSET = "archiver.dlq.source.offset";
  public static final String FAILED_AT = "archiver.dlq.failed.at";

  private DeadLetter() {}

  public static Record<byte[], byte[]> of(
      byte[] key,
      byte[] value,
      Headers originalHeaders,
      RecordMetadata source,
      Rejection rejection,
      long now) {
    Record<byte[], byte[]> record = new Record<>(key, value, now, originalHeaders);
    annotate(record.headers(), rejection, source.topic(), source.partition(), source.offset(), now);
    return record;
  }

  /**
   * A dead letter for an error handler to hand back to Kafka Streams: the input's key and bytes as
   * they came, its headers copied with the reason and origin added.
   */
  public static ProducerRecord<byte[], byte[]> forHandler(
      byte[] key,
      byte[] value,
      Headers originalHeaders,
      Rejection rejection,
      String topic,
      int partition,
      long offset) {
    Headers headers =
        annotate(
            new RecordHeaders(originalHeaders.toArray()),
            rejection,
            topic,
            partition,
            offset,
            System.currentTimeMillis());
    return new ProducerRecord<>(TopicNames.DLQ, null, key, value, headers);
  }

  /** Adds the reason and the input's origin to a copy of its headers. */
  public static Headers annotate(
      Headers headers, Rejection rejection, String topic, int partition, long offset, long now) {
    put(headers, REASON, rejection.reason().name());
    put(headers, MESSAGE, rejection.message());
    put(headers, SOURCE_TOPIC, String.valueOf(topic));
    put(headers, SOURCE_PARTITION, Integer.toString(partition));
    put(headers, SOURCE_OFFSET, Long.toString(offset));
    put(headers, FAILED_AT, Instant.ofEpochMilli(now).toString());
    return headers;
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
