package dev.archiver.streams.topics;

import dev.archiver.config.ArchiverConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Partitions and configs of every topic the archiver creates, derived from config alone. */
public final class TopicPlan {

  private TopicPlan() {}

  public static List<NewTopic> topics(ArchiverConfig config) {
    int partitions = config.topicPartitions();
    // chunk.results shares the repartition topics' count: results meet the run (or check) state by
    // its id.
    int chunkPartitions = partitions * 2;
    Map<String, String> compacted =
        Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
            "60000");
    Map<String, String> longRetention =
        Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.auditRetention().toMillis()));
    Map<String, String> keepForever = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
    return List.of(
        topic(TopicNames.ARCHIVE_REQUESTS, partitions, keepForever, config),
        topic(TopicNames.INTEGRITY_REQUESTS, partitions, Map.of(), config),
        topic(TopicNames.RESTORE_REQUESTS, partitions, Map.of(), config),
        topic(TopicNames.ADMIN_REQUESTS, partitions, keepForever, config),
        topic(TopicNames.ARCHIVE_COMPLETED, partitions, keepForever, config),
        topic(TopicNames.ARCHIVE_FAILED, partitions, Map.of(), config),
        topic(TopicNames.INTEGRITY_RESULTS, partitions, longRetention, config),
        topic(TopicNames.RESTORE_COMPLETED, partitions, Map.of(), config),
        topic(TopicNames.RESTORE_FAILED, partitions, Map.of(), config),
        topic(TopicNames.RUN_PROGRESS, partitions, compacted, config),
        topic(TopicNames.AUDIT, partitions, longRetention, config),
        topic(TopicNames.DLQ, partitions, longRetention, config),
        // Kept until consumed (RepartitionPurger deletes what the application committed), however
        // long it is down.
        topic(TopicNames.ARCHIVE_REQUESTS_REPARTITION, partitions, keepForever, config),
        topic(TopicNames.INTEGRITY_REQUESTS_REPARTITION, partitions, keepForever, config),
        topic(TopicNames.RESTORE_REQUESTS_REPARTITION, partitions, keepForever, config),
        topic(TopicNames.ARCHIVE_COMMANDS, partitions, keepForever, config),
        topic(TopicNames.CHUNK_TASKS, chunkPartitions, Map.of(), config),
        topic(TopicNames.CHUNK_RESULTS, partitions, Map.of(), config),
        topic(TopicNames.CATALOG, partitions, compacted, config));
  }

  private static NewTopic topic(
      String name, int partitions, Map<String, String> configs, ArchiverConfig config) {
    Optional<Short> replication =
        config.topicReplicationFactor() < 0
            ? Optional.empty()
            : Optional.of((short) config.topicReplicationFactor());
    return new NewTopic(name, Optional.of(partitions), replication).configs(configs);
  }
}
