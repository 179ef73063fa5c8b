package dev.archiver.cli;

import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.SourceSpec;
import dev.archiver.events.StorageTier;
import dev.archiver.events.TargetSpec;
import dev.archiver.streams.topics.TopicNames;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Many small runs: one producer publishes an archive request for each prepared run as fast as it
 * can, and a consumer counts the answers; each run's latency is from just before its request was
 * sent to the moment its answer was read (one clock, this JVM's).
 */
final class SmallRunsBench {

  /**
   * What the small runs measured.
   *
   * @param runs requests sent
   * @param failed runs answered with a failure or refusal
   * @param seconds first request sent to last answer read
   * @param p50 median latency, seconds
   * @param p99 99th percentile latency, seconds
   */
  record Result(int runs, int failed, double seconds, double p50, double p99) {
    double runsPerSecond() {
      return seconds > 0 ? runs / seconds : 0;
    }
  }

  private SmallRunsBench() {}

  static Result run(ClientEndpoints endpoints, List<Path> runDirs, String prefix, Deadline deadline)
      throws InterruptedException {
    Map<String, Long> sentAt = new HashMap<>();
    Map<String, String> requestIds = new HashMap<>();
    long[] latencies = new long[runDirs.size()];
    int answered = 0;
    int failed = 0;
    long first;
    long last = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
            CliConsumers.fromNow(
                endpoints, List.of(TopicNames.ARCHIVE_COMPLETED, TopicNames.ARCHIVE_FAILED));
        AvroKafkaDeserializer<Object> avro = CliConsumers.avro(endpoints)) {
      List<ArchiveRequested> requests = new ArrayList<>();
      for (int i = 0; i < runDirs.size(); i++) {
        String runId = prefix + "-" + i;
        String requestId = UUID.randomUUID().toString();
        requestIds.put(runId, requestId);
        requests.add(
            ArchiveRequested.newBuilder()
                .setRunId(runId)
                .setSource(SourceSpec.newBuilder().setUri("file:" + runDirs.get(i)).build())
                .setTarget(TargetSpec.newBuilder().setTier(StorageTier.FILESYSTEM).build())
                .setDryRun(false)
                .setRequestedBy("bench")
                .setRequestedAt(Instant.now())
                .setRequestId(requestId)
                .build());
      }
      try (RequestPublisher publisher = new RequestPublisher(endpoints)) {
        // The first send looks the schema up in the registry: its latency is counted like any
        // other producer's first request would be.
        first = System.nanoTime();
        for (ArchiveRequested request : requests) {
          sentAt.put(request.getRunId(), System.nanoTime());
          Future<RecordMetadata> unused =
              publisher.send(publisher.topics().archiveRequests, request.getRunId(), request);
        }
        // Answers are read while the producer still flushes: the consumer polls below.
        while (answered < runDirs.size() && !deadline.passed()) {
          for (ConsumerRecord<byte[], byte[]> record :
              consumer.poll(Duration.ofMillis(Math.min(50, deadline.nextPoll().toMillis())))) {
            long now = System.nanoTime();
            String runId =
                record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            Long sent0 = sentAt.remove(runId);
            if (sent0 == null || record.value() == null) {
              continue;
            }
            Object value = avro.deserialize(record.topic(), record.headers(), record.value());
            String wanted = requestIds.get(runId);
            boolean mine =
                (value instanceof ArchiveCompleted c && wanted.equals(c.getRequestId()))
                    || (value instanceof ArchiveFailed f && wanted.equals(f.getRequestId()));
            if (!mine) {
              sentAt.put(runId, sent0);
              continue;
            }
            if (value instanceof ArchiveFailed) {
              failed++;
            }
            latencies[answered++] = now - sent0;
            last = now;
          }
        }
      }
    }
    long[] done = Arrays.copyOf(latencies, answered);
    Arrays.sort(done);
    return new Result(
        runDirs.size(),
        failed + (runDirs.size() - answered),
        answered == 0 ? 0 : (last - first) / 1e9,
        percentile(done, 0.50),
        percentile(done, 0.99));
  }

  /** Nearest-rank percentile of sorted nanoseconds, in seconds; NaN when there are none. */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e9;
  }
}
