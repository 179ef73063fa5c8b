package dev.archiver.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of one topic from the beginning as a read_committed consumer without a
 * group (nothing committed, nothing to clean up): to its current end, or until records show up.
 */
public final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

  public TopicReader(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Every committed record of the topic up to its end as of now (the last stable offset of each
   * partition).
   */
  public static List<ConsumerRecord<byte[], byte[]>> readToEnd(
      String bootstrapServers, String topic) {
    try (TopicReader reader = new TopicReader(bootstrapServers, topic)) {
      return reader.toEnd();
    }
  }

  /**
   * Reads on until every partition's position reaches the end offsets taken now; returns all
   * records seen.
   */
  public List<ConsumerRecord<byte[], byte[]>> toEnd() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    Instant deadline = Instant.now().plusSeconds(60);
    while (partitions.stream()
        .anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("could not read " + partitions + " to " + end + " within 60 s");
      }
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
    return List.copyOf(seen);
  }

  /**
   * Polls until a record matches and returns it; {@code stillValid} is checked between polls (fail
   * fast when what should produce the record is gone), and the wait fails after {@code timeout}.
   */
  public ConsumerRecord<byte[], byte[]> await(
      Predicate<ConsumerRecord<byte[], byte[]>> match, Duration timeout, Runnable stillValid) {
    Instant deadline = Instant.now().plus(timeout);
    int checked = 0;
    while (true) {
      for (; checked < seen.size(); checked++) {
        if (match.test(seen.get(checked))) {
          return seen.get(checked);
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "no matching record on "
                + partitions
                + " within "
                + timeout
                + " ("
                + seen.size()
                + " records seen)");
      }
      stillValid.run();
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
  }

  public ConsumerRecord<byte[], byte[]> await(
      Predicate<ConsumerRecord<byte[], byte[]>> match, Duration timeout) {
    return await(match, timeout, () -> {});
  }

  public ConsumerRecord<byte[], byte[]> await(Predicate<ConsumerRecord<byte[], byte[]>> match) {
    return await(match, Duration.ofSeconds(60));
  }

  /**
   * Polls until at least {@code count} records match (60 s at most); returns every matching record
   * seen.
   */
  public List<ConsumerRecord<byte[], byte[]>> awaitAll(
      Predicate<ConsumerRecord<byte[], byte[]>> match, int count) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (seen.stream().filter(match).count() < count) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "fewer than "
                + count
                + " matching records on "
                + partitions
                + " within 60 s ("
                + seen.size()
                + " seen)");
      }
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
    return seen.stream().filter(match).toList();
  }

  public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  public static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
