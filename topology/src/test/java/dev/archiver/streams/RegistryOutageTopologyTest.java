package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.events.ArchiveRequested;
import dev.archiver.streams.intake.ParkedRequest;
import dev.archiver.streams.topics.TopicNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry is down when a request in a schema the archiver has not seen yet arrives: the
 * request waits, with those behind it, and is archived once the registry answers again; nothing is
 * dead-lettered.
 */
class RegistryOutageTopologyTest {

  @TempDir Path dataDir;
  private TopologyFixture fx;

  @BeforeEach
  void setUp() throws IOException {
    fx = new TopologyFixture(dataDir);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void shouldHoldRequestsWhileTheRegistryIsDownAndArchiveThemWhenItIsBack() throws IOException {
    Path first = tree("run-1");
    Path second = tree("run-2");
    GenericRecord newerSchema = withExtraField(archiveRequest("run-1", "file:" + first));
    fx.pipeAny(
        TopicNames.ARCHIVE_REQUESTS,
        "run-1",
        newerSchema); // registers its schema while the registry is up
    fx.drain(fx.topics.archiveCompleted);
    GenericRecord again = withExtraField(archiveRequest("run-3", "file:" + tree("run-3")));

    fx.registry.outage(true);
    // run-1's schema was looked up already (cached, as the real deserializer does); a new one was
    // not.
    GenericRecord unseen =
        withExtraField(archiveRequest("run-2", "file:" + second), "anotherField");
    fx.pipeAny(TopicNames.ARCHIVE_REQUESTS, "run-2", unseen);
    fx.pipeAny(TopicNames.ARCHIVE_REQUESTS, "run-3", again);
    fx.driver.advanceWallClockTime(Duration.ofSeconds(5));

    assertThat(fx.drainDlq()).as("an outage is not the request's fault").isEmpty();
    assertThat(fx.drain(fx.topics.archiveFailed)).isEmpty();
    assertThat(fx.drain(fx.topics.archiveCompleted))
        .as("run-3 waits behind run-2, in order")
        .isEmpty();
    assertThat(count(fx.driver.getKeyValueStore("archive-requests-awaiting-registry")))
        .isEqualTo(2);

    fx.registry.outage(false);
    fx.driver.advanceWallClockTime(Duration.ofSeconds(31)); // past the longest backoff

    List<String> completed =
        fx.drain(fx.topics.archiveCompleted).stream().map(TestRecord::key).toList();
    assertThat(completed).containsExactly("run-2", "run-3");
    assertThat(fx.drainDlq()).isEmpty();
    assertThat(count(fx.driver.getKeyValueStore("archive-requests-awaiting-registry"))).isZero();
  }

  private Path tree(String name) throws IOException {
    Path root = Files.createDirectories(fx.sourceRoot.resolve(name));
    Files.writeString(root.resolve("a.txt"), "content of " + name);
    return root;
  }

  private static long count(KeyValueStore<String, ParkedRequest> store) {
    List<String> keys = new ArrayList<>();
    store.all().forEachRemaining(kv -> keys.add(kv.key));
    return keys.size();
  }

  private static GenericRecord withExtraField(ArchiveRequested request) {
    return withExtraField(request, "producerNote");
  }

  /**
   * The request in a newer producer's schema: one optional field more, so a schema id the archiver
   * has not seen.
   */
  private static GenericRecord withExtraField(ArchiveRequested request, String field) {
    Schema reader = ArchiveRequested.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    reader.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(
        new Schema.Field(
            field,
            Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
            "added by a newer producer",
            Schema.Field.NULL_DEFAULT_VALUE));
    Schema writer =
        Schema.createRecord(
            reader.getName(), reader.getDoc(), reader.getNamespace(), false, fields);
    try {
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(reader, json);
      new SpecificDatumWriter<>(ArchiveRequested.class).write(request, encoder);
      encoder.flush();
      return new GenericDatumReader<GenericRecord>(reader, writer)
          .read(
              null,
              DecoderFactory.get().jsonDecoder(reader, json.toString(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
