package dev.archiver.it;

import static dev.archiver.testing.EventDecoder.text;
import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.events.RunStage;
import dev.archiver.service.ArchiverService;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.EventDecoder;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SourceTree;
import dev.archiver.testing.StandaloneStack;
import dev.archiver.testing.TierArchive;
import dev.archiver.testing.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.tools.StreamsResetter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay as an operator does it: archive two runs, stop the archiver, reset its input offsets to
 * the earliest with Kafka's StreamsResetter (which also deletes the application's changelog
 * topics), delete the local state, start again. Everything is reprocessed from the requests, and
 * nothing is archived or announced twice.
 *
 * <p>The broker and registry run on their own, as a cluster would: the resetter needs the broker
 * while the archiver is down. The scenario runs once; each test checks one promise of it.
 */
class ReplayIT {

  private static final String APPLICATION_ID = "archiver";

  @TempDir static Path base;
  private static StandaloneStack stack;
  private static ArchiverService service;
  private static ArchiverConfig config;
  private static final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private static final List<String> runIds = List.of("replay-a-" + suffix, "replay-b-" + suffix);
  private static Map<String, TierArchive.StoredObject> objectsBefore;
  private static Map<String, Long> completedBefore;
  private static Map<String, byte[]> catalogBefore;
  private static int resetterExitCode;

  /** Per partition of archiver.audit: the offset the replay's records start at. */
  private static Map<Integer, Long> auditEndAtReplay;

  @BeforeAll
  static void archiveTwoRunsThenReplayEverythingFromTheRequests() throws Exception {
    Path sources = base.resolve("sources");
    stack = StandaloneStack.start(base.resolve("stack"));
    config =
        ArchiverConfig.defaultsWith(
            stack.archiverConfig(base.resolve("archiver"), sources, "256KiB"));
    SourceTree a = new SourceTree(sources.resolve(runIds.get(0)), 1);
    a.random("big.bin", 600 * 1024);
    a.text("notes/today.txt", "two runs, one replay\n", "rw-r--r--");
    a.finish();
    SourceTree b = new SourceTree(sources.resolve(runIds.get(1)), 2);
    b.random("data/one.bin", 300 * 1024);
    b.random("data/two.bin", 10 * 1024);
    b.finish();

    service = startService();
    try (RequestProducer producer =
            new RequestProducer(stack.bootstrapServers(), stack.registryUrl());
        TopicReader completions =
            new TopicReader(stack.bootstrapServers(), TopicNames.ARCHIVE_COMPLETED)) {
      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS,
          runIds.get(0),
          Requests.archive(runIds.get(0), "file:" + a.root()));
      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS,
          runIds.get(1),
          Requests.archive(runIds.get(1), "file:" + b.root()));
      for (String runId : runIds) {
        completions.await(r -> runId.equals(key(r)), Duration.ofSeconds(90));
      }
    }
    objectsBefore = TierArchive.objects(config.filesystemTierPath());
    completedBefore = completionsPerRun();
    catalogBefore = catalog();
    auditEndAtReplay =
        TopicReader.readToEnd(stack.bootstrapServers(), TopicNames.AUDIT).stream()
            .collect(Collectors.toMap(ConsumerRecord::partition, r -> r.offset() + 1, Math::max));
    service.close();
    service = null;

    resetterExitCode = resetInputsToEarliest();
    Path stateDir = config.dataDir().resolve("streams");
    assertThat(stateDir).as("local Streams state to delete").isDirectory();
    deleteRecursively(stateDir);

    service = startService();
    await("the requests consumed to their end again and both runs known as completed")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                requestsConsumedToTheEnd()
                    && runIds.stream()
                        .allMatch(id -> stage(id).equals(Optional.of(RunStage.COMPLETED))));
  }

  @AfterAll
  static void stopEverything() {
    try {
      if (service != null) {
        service.close();
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  @Test
  void shouldResetTheRequestOffsetsWithTheStreamsResetter() {
    assertThat(resetterExitCode).as("StreamsResetter exit code").isZero();
  }

  @Test
  void shouldReprocessEveryRequestAndFindEachRunAlreadyArchived() {
    Map<String, List<String>> actions = auditActionsSinceTheReplay();
    for (String runId : runIds) {
      assertThat(actions.get(runId))
          .as("audit actions for %s since the replay", runId)
          .contains("accepted", "already-archived")
          .doesNotContain("planned", "completed");
    }
  }

  @Test
  void shouldAnnounceEachRunExactlyOnceAcrossTheReplay() throws Exception {
    assertThat(completedBefore)
        .as("before the replay")
        .isEqualTo(Map.of(runIds.get(0), 1L, runIds.get(1), 1L));
    assertThat(completionsPerRun())
        .as("after the replay")
        .isEqualTo(Map.of(runIds.get(0), 1L, runIds.get(1), 1L));
    assertThat(completionsPerRun(true))
        .as("each replayed request answered as a repeat")
        .isEqualTo(Map.of(runIds.get(0), 1L, runIds.get(1), 1L));
  }

  @Test
  void shouldNotRewriteAnyPlanChunkOrManifest() throws Exception {
    for (String runId : runIds) {
      TierArchive archive = new TierArchive(config.filesystemTierPath(), runId);
      assertThat(objectsBefore)
          .as("objects of %s", runId)
          .containsKeys(
              "archives/" + archive.archiveId() + "/manifest.json",
              "archives/" + archive.archiveId() + "/plan.json")
          .containsKeys(
              archive.chunks().stream().map(TierArchive.Chunk::key).toArray(String[]::new));
      assertThat(archive.chunks()).as("chunks of %s", runId).hasSizeGreaterThan(1);
    }
    // Same keys, sizes, mtimes (ns) and inodes: a rewrite renames a new file into place, so its
    // inode changes.
    assertThat(TierArchive.objects(config.filesystemTierPath())).isEqualTo(objectsBefore);
  }

  @Test
  void shouldReportTheReplayedRunsCompletedWithTheirManifests() throws Exception {
    for (String runId : runIds) {
      RunState run = (RunState) service.run(runId).orElseThrow();
      TierArchive archive = new TierArchive(config.filesystemTierPath(), runId);
      assertThat(run.stage()).isEqualTo(RunStage.COMPLETED);
      assertThat(run.manifestLocation()).isEqualTo(archive.manifestFile().toUri().toString());
      assertThat(run.chunksDone())
          .isEqualTo(run.chunksPlanned())
          .isEqualTo(archive.chunks().size());
      assertThat(run.bytesDone())
          .isEqualTo(archive.manifest().get("totals").get("streamBytes").asLong());
    }
  }

  /**
   * The catalog outlives a replay: it is the compacted archiver.catalog topic (not a changelog the
   * resetter deletes), and a run found already archived re-records its archive from the manifest in
   * the tier.
   */
  @Test
  void shouldKeepEveryArchiveInTheCatalogAfterAReplay() {
    Map<String, byte[]> after = catalog();
    for (String runId : runIds) {
      String archiveId = new TierArchive(config.filesystemTierPath(), runId).archiveId();
      assertThat(catalogBefore).as("archive-catalog before the replay").containsKey(archiveId);
      assertThat(after)
          .as("archive-catalog (read from archiver.catalog) after the replay")
          .containsKey(archiveId);
      assertThat(new String(after.get(archiveId), StandardCharsets.UTF_8)).contains(runId);
    }
  }

  /** The archive catalog as its topic holds it: latest value per archive id, deletions dropped. */
  private static Map<String, byte[]> catalog() {
    Map<String, byte[]> latest = new java.util.HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TopicReader.readToEnd(stack.bootstrapServers(), TopicNames.CATALOG)) {
      if (r.value() == null) {
        latest.remove(key(r));
      } else {
        latest.put(key(r), r.value());
      }
    }
    return latest;
  }

  private static ArchiverService startService() throws Exception {
    ArchiverService started = ArchiverService.start(config);
    await("Streams running")
        .atMost(Duration.ofSeconds(60))
        .until(() -> started.streamsState() == KafkaStreams.State.RUNNING);
    return started;
  }

  /**
   * StreamsResetter as the kafka-streams-application-reset tool runs it, with Kafka's exit() turned
   * into a failure.
   */
  private static int resetInputsToEarliest() {
    Exit.setExitProcedure(
        (code, message) -> {
          throw new AssertionError("StreamsResetter called exit(" + code + "): " + message);
        });
    try {
      return new StreamsResetter()
          .execute(
              new String[] {
                "--application-id",
                APPLICATION_ID,
                "--bootstrap-server",
                stack.bootstrapServers(),
                "--input-topics",
                TopicNames.ARCHIVE_REQUESTS,
                "--to-earliest",
                "--force"
              });
    } finally {
      Exit.resetExitProcedure();
    }
  }

  /**
   * The application's committed offsets on the request topic equal its end offsets, on every
   * partition.
   */
  private static boolean requestsConsumedToTheEnd() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get();
      List<TopicPartition> partitions =
          admin
              .describeTopics(List.of(TopicNames.ARCHIVE_REQUESTS))
              .allTopicNames()
              .get()
              .get(TopicNames.ARCHIVE_REQUESTS)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(TopicNames.ARCHIVE_REQUESTS, p.partition()))
              .toList();
      Map<TopicPartition, Long> end =
          admin
              .listOffsets(
                  partitions.stream()
                      .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
              .all()
              .get()
              .entrySet()
              .stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      return partitions.stream()
          .allMatch(p -> (committed.get(p) == null ? 0L : committed.get(p).offset()) == end.get(p));
    }
  }

  private static Optional<RunStage> stage(String runId) {
    return service.run(runId).map(r -> ((RunState) r).stage());
  }

  /**
   * Completions that announce an archive; repeats (answers to a request that wrote nothing) are not
   * counted.
   */
  private static Map<String, Long> completionsPerRun() {
    return completionsPerRun(false);
  }

  private static Map<String, Long> completionsPerRun(boolean repeat) {
    EventDecoder decoder = new EventDecoder(stack.registryUrl());
    return TopicReader.readToEnd(stack.bootstrapServers(), TopicNames.ARCHIVE_COMPLETED).stream()
        .filter(
            r ->
                runIds.contains(key(r))
                    && Boolean.valueOf(repeat).equals(decoder.decode(r.value()).get("repeat")))
        .collect(Collectors.groupingBy(TopicReader::key, Collectors.counting()));
  }

  /** Audit actions per run, from the records written after the replay began. */
  private static Map<String, List<String>> auditActionsSinceTheReplay() {
    EventDecoder decoder = new EventDecoder(stack.registryUrl());
    return TopicReader.readToEnd(stack.bootstrapServers(), TopicNames.AUDIT).stream()
        .filter(
            r ->
                r.offset() >= auditEndAtReplay.getOrDefault(r.partition(), 0L)
                    && runIds.contains(key(r)))
        .map(r -> decoder.decode(r.value()))
        .collect(
            Collectors.groupingBy(
                e -> text(e, "subjectId"),
                Collectors.mapping(e -> text(e, "action"), Collectors.toList())));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
