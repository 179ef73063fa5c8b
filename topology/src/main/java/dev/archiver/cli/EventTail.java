package dev.archiver.cli;

import dev.archiver.streams.intake.DeadLetter;
import dev.archiver.streams.topics.TopicNames;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;

/**
 * Follows the archiver's output topics as a consumer would (read_committed), from the moment it is
 * opened, decoding Avro through the registry and the dead-letter topic's headers, so the CLI can
 * show what happened.
 */
final class EventTail implements AutoCloseable {

  /** One output event as a human reads it. */
  record Event(String topic, String key, String text) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AvroKafkaDeserializer<Object> avro;

  EventTail(ClientEndpoints endpoints, List<String> topics) {
    consumer = CliConsumers.fromNow(endpoints, topics);
    avro = CliConsumers.avro(endpoints);
  }

  /**
   * Polls until {@code done} holds for the events seen so far, printing each as it comes; false
   * when the deadline passes.
   */
  boolean follow(
      Deadline deadline, java.util.function.Consumer<Event> onEvent, Predicate<List<Event>> done) {
    List<Event> seen = new ArrayList<>();
    while (!deadline.passed()) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(deadline.nextPoll())) {
        Event event = describe(record);
        seen.add(event);
        onEvent.accept(event);
      }
      if (done.test(seen)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Polls until {@code done} returns true for a decoded value (Avro topics only), or the deadline
   * passes (false). The predicate sees every value once, in partition order, and may keep its own
   * tally across calls.
   */
  boolean followValues(Deadline deadline, Predicate<Object> done) {
    while (!deadline.passed()) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(deadline.nextPoll())) {
        if (record.value() != null
            && done.test(avro.deserialize(record.topic(), record.headers(), record.value()))) {
          return true;
        }
      }
    }
    return false;
  }

  private Event describe(ConsumerRecord<byte[], byte[]> record) {
    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    if (record.topic().equals(TopicNames.DLQ)) {
      return new Event(
          record.topic(),
          key,
          "reason="
              + header(record, DeadLetter.REASON)
              + " from="
              + header(record, DeadLetter.SOURCE_TOPIC)
              + " message=\""
              + header(record, DeadLetter.MESSAGE)
              + "\" ("
              + (record.value() == null ? 0 : record.value().length)
              + " original bytes kept)");
    }
    Object value = avro.deserialize(record.topic(), record.headers(), record.value());
    return new Event(record.topic(), key, String.valueOf(value));
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    CliConsumers.close(consumer);
    avro.close();
  }
}
