package dev.archiver.streams;

import static dev.archiver.streams.TopologyFixture.archiveRequest;
import static dev.archiver.streams.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.ConflictStrategy;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.RestoreRequested;
import dev.archiver.streams.intake.DeadLetter;
import dev.archiver.streams.topics.TopicNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests with fields too large to copy into answers, and enum symbols this archiver does not
 * know.
 */
class BoundedInputTopologyTest {

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
  void shouldRefuseAnOversizedSourceUriNamingFieldAndLimit() {
    String uri = "file:" + fx.sourceRoot + "/" + "x".repeat(5000);
    fx.input(fx.topics.archiveRequests).pipeInput("run-1", archiveRequest("run-1", uri));

    assertRefused("source.uri", "4096");
  }

  @Test
  void shouldRefuseAnOversizedRequestedByAndTooManyOptions() {
    ArchiveRequested longName = archiveRequest("run-1", "file:" + fx.sourceRoot + "/run-1");
    longName.setRequestedBy("u".repeat(10_000));
    fx.input(fx.topics.archiveRequests).pipeInput("run-1", longName);
    assertRefused("requestedBy", "256");

    ArchiveRequested manyOptions = archiveRequest("run-2", "file:" + fx.sourceRoot + "/run-2");
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      options.put("k" + i, "v");
    }
    manyOptions.getSource().setOptions(options);
    fx.input(fx.topics.archiveRequests).pipeInput("run-2", manyOptions);
    assertRefused("source.options", "32");
  }

  @Test
  void shouldRefuseAHugeSampleAndAControlCharacter() {
    IntegrityCheckRequested huge =
        IntegrityCheckRequested.newBuilder()
            .setCheckId("c-1")
            .setScope(IntegrityScope.SAMPLE)
            .setSampleSize(Integer.MAX_VALUE)
            .setRequestedBy("test")
            .setRequestedAt(Instant.EPOCH)
            .build();
    fx.input(fx.topics.integrityRequests).pipeInput("c-1", huge);
    assertRefused("sampleSize", "100000");

    RestoreRequested sneaky =
        RestoreRequested.newBuilder()
            .setRestoreId("r-1")
            .setRunId("run-1")
            .setTarget("file:" + fx.config.restoreRoots().get(0) + "/a\nb")
            .setConflict(ConflictStrategy.FAIL)
            .setRequestedBy("test")
            .setRequestedAt(Instant.EPOCH)
            .build();
    fx.input(fx.topics.restoreRequests).pipeInput("r-1", sneaky);
    assertRefused("target", "control character");
  }

  @Test
  void shouldRefuseATierSymbolItDoesNotKnowInsteadOfUsingTheDefault() throws IOException {
    // A producer on a newer schema whose StorageTier has a symbol this archiver never heard of.
    String readerJson = ArchiveRequested.getClassSchema().toString();
    String known = "\"S3_DEEP_ARCHIVE\",\"UNKNOWN\"],\"default\":\"UNKNOWN\"";
    assertThat(readerJson).contains(known);
    Schema writer =
        new Schema.Parser()
            .parse(readerJson.replace(known, "\"S3_DEEP_ARCHIVE\",\"S3_GLACIER_IR\"]"));
    GenericRecord request =
        asWriter(archiveRequest("run-1", "file:" + fx.sourceRoot + "/run-1"), writer);
    GenericRecord target = (GenericRecord) request.get("target");
    target.put(
        "tier",
        new GenericData.EnumSymbol(
            writer.getField("target").schema().getField("tier").schema(), "S3_GLACIER_IR"));

    fx.pipeAny(TopicNames.ARCHIVE_REQUESTS, "run-1", request);

    assertRefused("target.tier", "does not know");
    assertThat(fx.drain(fx.topics.archiveCompleted)).isEmpty();
  }

  private void assertRefused(String field, String detail) {
    TestRecord<byte[], byte[]> dead = fx.drainDlq().get(0);
    assertThat(header(dead, DeadLetter.REASON)).isEqualTo(ReasonCode.INVALID_FIELD.name());
    assertThat(header(dead, DeadLetter.MESSAGE)).contains(field).contains(detail);
  }

  /**
   * The same request as the writer schema would carry it (through JSON, where enums are symbols).
   */
  private static GenericRecord asWriter(ArchiveRequested request, Schema writer)
      throws IOException {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    JsonEncoder encoder = EncoderFactory.get().jsonEncoder(ArchiveRequested.getClassSchema(), json);
    new SpecificDatumWriter<>(ArchiveRequested.class).write(request, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(writer)
        .read(
            null, DecoderFactory.get().jsonDecoder(writer, json.toString(StandardCharsets.UTF_8)));
  }
}
