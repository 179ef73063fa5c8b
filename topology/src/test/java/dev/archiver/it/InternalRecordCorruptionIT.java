package dev.archiver.it;

import static dev.archiver.testing.TopicReader.header;
import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.streams.intake.DeadLetter;
import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.SourceTree;
import dev.archiver.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records written over the archiver's own topics that do not decode: a chunk task and a catalog
 * entry. The archiver skips them, says which record it skipped (the dead-letter topic, with the
 * bytes), stays up, and runs go on.
 */
@ExtendWith(SharedArchiver.class)
class InternalRecordCorruptionIT {

  @Test
  void shouldSkipAndDeadLetterUndecodableInternalRecordsAndGoOn() throws Exception {
    SharedArchiver.Running archiver = SharedArchiver.get();
    String bootstrap = archiver.service().bootstrapServers();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    // Starts like a registry-framed record (magic byte 0, then id bytes 0 0 0 0x63), garbage after
    // that.
    byte[] garbageTask =
        ("\0\0\0\0c not a chunk task " + tag).getBytes(StandardCharsets.ISO_8859_1);
    byte[] garbageEntry = ("{ not a catalog entry " + tag).getBytes(StandardCharsets.UTF_8);
    String runId = "after-garbage-" + tag;
    SourceTree tree = new SourceTree(archiver.config().sourceRoots().get(0).resolve(runId), 3);
    tree.text("a.txt", "still archived\n", "rw-r--r--");
    Path source = tree.finish().root();

    try (RequestProducer producer =
            new RequestProducer(bootstrap, archiver.service().registryUrl());
        TopicReader dlq = new TopicReader(bootstrap, TopicNames.DLQ);
        TopicReader completed = new TopicReader(bootstrap, TopicNames.ARCHIVE_COMPLETED)) {
      producer.sendRaw(TopicNames.CHUNK_TASKS, "bad#" + tag, garbageTask);
      producer.sendRaw(TopicNames.CATALOG, "bad-" + tag, garbageEntry);
      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS, runId, Requests.archive(runId, "file:" + source));

      completed.await(r -> runId.equals(key(r)), Duration.ofSeconds(60));
      var dead = dlq.await(r -> ("bad#" + tag).equals(key(r)), Duration.ofSeconds(30));
      assertThat(dead.value()).isEqualTo(garbageTask);
      assertThat(header(dead, DeadLetter.SOURCE_TOPIC)).isEqualTo(TopicNames.CHUNK_TASKS);
      assertThat(header(dead, DeadLetter.REASON)).isNotBlank();
    }
    assertThat(archiver.service().streamsState()).isEqualTo(KafkaStreams.State.RUNNING);
    assertThat(
            archiver
                .service()
                .metrics()
                .count("archiver.dead.letters", "topic", TopicNames.CATALOG))
        .as(
            "the skipped catalog record is counted (and logged): the global thread cannot dead-letter it")
        .isPositive();
  }
}
