package dev.archiver.streams;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.KafkaClientProperties;
import dev.archiver.streams.topics.TopicNames;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams settings derived from the archiver's config. */
public final class StreamsSettings {

  private StreamsSettings() {}

  /**
   * The settings for the archiver's Kafka Streams application.
   *
   * @param clients the brokers and kafka.client.* settings: Streams hands unprefixed client
   *     settings to every client it builds (consumers, producers, admin, restore and global
   *     consumers)
   */
  public static Properties of(ArchiverConfig config, KafkaClientProperties clients) {
    Properties p = clients.properties(java.util.Map.of());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").toString());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.topicReplicationFactor());
    // Anything that escapes our own handling is dead-lettered by Kafka Streams itself, never
    // dropped silently.
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, TopicNames.DLQ);
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
    p.put("processing.exception.handler.global.enabled", true);
    // A record of an internal topic that does not decode is dead-lettered and skipped, not fatal to
    // the thread.
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class);
    // An output the broker refuses (too large) is skipped and its input dead-lettered, not fatal to
    // the thread.
    p.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, LastResortProductionHandler.class);
    p.put(StreamsConfig.topicPrefix("min.insync.replicas"), "1");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // Long work (listing, compressing, uploading, restoring) runs on WorkPools threads, never in
    // process(): a
    // transaction spans only store updates and forwards, so it stays far below its timeout whatever
    // the data size.
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        (int) config.transactionTimeout().toMillis());
    // Finished work is applied by a 100 ms punctuator and committed at the next commit. Streams'
    // exactly-once default (100 ms) unless configured: an answer reaches consumers within a
    // fraction of a second of the work ending. Each commit costs a marker per partition written,
    // so a longer interval trades latency for throughput under many small runs
    // (docs/performance.md).
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    // process() only records and hands work over, so the thread polls again within milliseconds;
    // Streams' default
    // poll interval (5 min) is never approached, and a thread stuck that long is rightly thrown out
    // of the group.
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 300_000);
    // Records are cheap to process now; a bounded batch keeps one poll's transaction small all the
    // same.
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 500);
    // A crashed instance's partitions move on after 15 s instead of the default 45 s.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 15000);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "zstd");
    return p;
  }
}
