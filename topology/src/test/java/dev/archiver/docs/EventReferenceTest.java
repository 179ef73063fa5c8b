package dev.archiver.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.events.AdminRequested;
import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.AuditEvent;
import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.IntegrityCheckCompleted;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.RestoreCompleted;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.events.RunProgress;
import dev.archiver.streams.intake.DeadLetter;
import dev.archiver.streams.topics.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * docs/events.md is generated from the event schemas (their docs) and the topics below, and this
 * test fails when a schema change leaves it stale. Refresh: {@code ./mvnw -pl topology test
 * -Dtest=EventReferenceTest -Ddocs.update=true}.
 */
class EventReferenceTest {

  private static final Path PAGE = Path.of("../docs/events.md");

  /** One topic of the public contract. */
  record Topic(
      String name,
      String direction,
      Schema value,
      String key,
      String producers,
      String consumers,
      String notes) {}

  static final List<Topic> TOPICS =
      List.of(
          new Topic(
              TopicNames.ARCHIVE_REQUESTS,
              "in",
              ArchiveRequested.getClassSchema(),
              "run id (any key and partition are accepted: the archiver re-keys)",
              "operators, schedulers, any producer",
              "the archiver",
              "Kept forever. Set `requestId` to find your answer."),
          new Topic(
              TopicNames.INTEGRITY_REQUESTS,
              "in",
              IntegrityCheckRequested.getClassSchema(),
              "check id",
              "operators; the archiver itself for scheduled samples",
              "the archiver",
              ""),
          new Topic(
              TopicNames.RESTORE_REQUESTS,
              "in",
              RestoreRequested.getClassSchema(),
              "restore id",
              "operators",
              "the archiver",
              ""),
          new Topic(
              TopicNames.ADMIN_REQUESTS,
              "in",
              AdminRequested.getClassSchema(),
              "request id",
              "operators",
              "the archiver (audited; actions arrive with later versions)",
              "Kept forever."),
          new Topic(
              TopicNames.ARCHIVE_COMPLETED,
              "out",
              ArchiveCompleted.getClassSchema(),
              "run id",
              "the archiver",
              "anything that acts on new archives (skip `repeat: true`), CLI `--wait`",
              "Kept forever."),
          new Topic(
              TopicNames.ARCHIVE_FAILED,
              "out",
              ArchiveFailed.getClassSchema(),
              "run id",
              "the archiver",
              "alerting, CLI `--wait`",
              "`runFailed: false` means only that request was refused."),
          new Topic(
              TopicNames.INTEGRITY_RESULTS,
              "out",
              IntegrityCheckCompleted.getClassSchema(),
              "archive id for a per-archive result, check id for the summary",
              "the archiver",
              "alerting, CLI `verify --wait`",
              "Long retention."),
          new Topic(
              TopicNames.RESTORE_COMPLETED,
              "out",
              RestoreCompleted.getClassSchema(),
              "restore id",
              "the archiver",
              "CLI `restore --wait`",
              ""),
          new Topic(
              TopicNames.RESTORE_FAILED,
              "out",
              RestoreFailed.getClassSchema(),
              "restore id",
              "the archiver",
              "alerting, CLI `restore --wait`",
              ""),
          new Topic(
              TopicNames.RUN_PROGRESS,
              "out",
              RunProgress.getClassSchema(),
              "run id",
              "the archiver",
              "dashboards, progress bars",
              "Compacted: the latest progress per run."),
          new Topic(
              TopicNames.AUDIT,
              "out",
              AuditEvent.getClassSchema(),
              "subject id (run, archive, restore or check)",
              "the archiver",
              "auditors",
              "Long retention: every state change, with who asked."),
          new Topic(
              TopicNames.CHUNK_TASKS,
              "internal",
              ChunkTask.getClassSchema(),
              "run id + '#' + chunk index",
              "the archiver",
              "the archiver",
              "Twice the partitions of the other topics."),
          new Topic(
              TopicNames.CHUNK_RESULTS,
              "internal",
              ChunkResult.getClassSchema(),
              "run id (or check id)",
              "the archiver",
              "the archiver",
              ""));

  @Test
  void shouldKeepTheEventReferenceCurrent() throws IOException {
    String current = render();
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(PAGE, current, StandardCharsets.UTF_8);
    }
    assertThat(PAGE).as("docs/events.md; regenerate with -Ddocs.update=true").exists();
    assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
        .as("docs/events.md is stale; regenerate with -Ddocs.update=true")
        .isEqualTo(current);
  }

  static String render() {
    StringBuilder page = new StringBuilder();
    page.append("# Event reference\n\n")
        .append(
            "Generated from the Avro schemas (`schemas/src/main/avro`) by `EventReferenceTest`; do not edit by hand.\n")
        .append(
            "Every value is Avro in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary) through the\n")
        .append("schema registry, subject `<topic>-value`; keys are UTF-8 strings.\n\n")
        .append(
            "| topic | direction | key | value | produced by | consumed by |\n|---|---|---|---|---|---|\n");
    for (Topic t : TOPICS) {
      page.append("| `")
          .append(t.name())
          .append("` | ")
          .append(t.direction())
          .append(" | ")
          .append(t.key())
          .append(" | [")
          .append(t.value().getName())
          .append("](#")
          .append(t.value().getName().toLowerCase(java.util.Locale.ROOT))
          .append(") | ")
          .append(t.producers())
          .append(" | ")
          .append(t.consumers())
          .append(" |\n");
    }
    page.append("| `")
        .append(TopicNames.DLQ)
        .append("` | out | the original key | the original bytes | the archiver | operators |\n\n");
    page.append(producing());
    Set<Schema> named = new LinkedHashSet<>();
    for (Topic t : TOPICS) {
      page.append("## ")
          .append(t.value().getName())
          .append("\n\n")
          .append("Topic `")
          .append(t.name())
          .append("`, key: ")
          .append(t.key())
          .append(". ")
          .append(t.value().getDoc())
          .append(t.notes().isEmpty() ? "" : " " + t.notes())
          .append("\n\n");
      fields(page, t.value(), named);
    }
    page.append("## Dead letters\n\nTopic `")
        .append(TopicNames.DLQ)
        .append(
            "`: every input that could not be accepted, with its original key and bytes. Headers:\n\n")
        .append("| header | what |\n|---|---|\n")
        .append("| `")
        .append(DeadLetter.REASON)
        .append("` | the reason code (see ReasonCode) |\n")
        .append("| `")
        .append(DeadLetter.MESSAGE)
        .append("` | what was wrong and how to fix it |\n")
        .append("| `")
        .append(DeadLetter.SOURCE_TOPIC)
        .append("`, `")
        .append(DeadLetter.SOURCE_PARTITION)
        .append("`, `")
        .append(DeadLetter.SOURCE_OFFSET)
        .append("` | where the record came from |\n")
        .append("| `")
        .append(DeadLetter.FAILED_AT)
        .append("` | when it was refused |\n\n");
    page.append("## Shared types\n\n");
    Set<Schema> done = new LinkedHashSet<>();
    while (!done.containsAll(named)) {
      for (Schema type : List.copyOf(named)) {
        if (done.add(type)) {
          sharedType(page, type, named);
        }
      }
    }
    return page.toString();
  }

  private static void sharedType(StringBuilder page, Schema type, Set<Schema> named) {
    {
      page.append("### ")
          .append(type.getName())
          .append("\n\n")
          .append(type.getDoc() == null ? "" : type.getDoc() + "\n\n");
      if (type.getType() == Schema.Type.ENUM) {
        page.append("Symbols: ")
            .append(
                type.getEnumSymbols().stream()
                    .map(s -> "`" + s + "`")
                    .collect(Collectors.joining(", ")))
            .append("\n\n");
      } else if (type.getType() == Schema.Type.RECORD) {
        fields(page, type, named);
      }
    }
  }

  private static void fields(StringBuilder page, Schema record, Set<Schema> named) {
    page.append("| field | type | default | meaning |\n|---|---|---|---|\n");
    for (Schema.Field f : record.getFields()) {
      page.append("| `")
          .append(f.name())
          .append("` | ")
          .append(typeName(f.schema(), named))
          .append(" | ")
          .append(
              f.hasDefaultValue()
                  ? "`"
                      + (f.defaultVal() == org.apache.avro.JsonProperties.NULL_VALUE
                          ? "null"
                          : String.valueOf(f.defaultVal()))
                      + "`"
                  : "required")
          .append(" | ")
          .append(f.doc() == null ? "" : f.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    page.append("\n");
  }

  private static String typeName(Schema s, Set<Schema> named) {
    return switch (s.getType()) {
      case UNION ->
          s.getTypes().stream().map(t -> typeName(t, named)).collect(Collectors.joining(" or "));
      case ARRAY -> "array of " + typeName(s.getElementType(), named);
      case MAP -> "map of " + typeName(s.getValueType(), named);
      case RECORD, ENUM -> {
        named.add(s);
        yield "[" + s.getName() + "](#" + s.getName().toLowerCase(java.util.Locale.ROOT) + ")";
      }
      default ->
          s.getLogicalType() != null
              ? s.getType().getName() + " (" + s.getLogicalType().getName() + ")"
              : s.getType().getName();
    };
  }

  private static String producing() {
    return """
        ## Producing a request from another language

        Any Kafka client and any Confluent-compatible Avro serializer will do: the registry (Apicurio) serves the
        Confluent API at `/apis/ccompat/v7`. Partition and key do not matter: the archiver re-keys each request by its
        own id. Set `requestId` on an ArchiveRequested and wait for the ArchiveCompleted or ArchiveFailed that carries
        it back; a restore or check is answered under its own `restoreId` or `checkId`.

        Python (confluent-kafka), with the schema from `schemas/src/main/avro` (shared types inlined) or fetched from
        the registry (`GET /apis/ccompat/v7/subjects/archiver.archive.requests-value/versions/latest`):

        ```python
        from confluent_kafka import Producer
        from confluent_kafka.schema_registry import SchemaRegistryClient
        from confluent_kafka.schema_registry.avro import AvroSerializer
        from confluent_kafka.serialization import SerializationContext, MessageField
        import time, uuid

        registry = SchemaRegistryClient({"url": "http://localhost:8081/apis/ccompat/v7"})
        schema = registry.get_latest_version("archiver.archive.requests-value").schema.schema_str
        serialize = AvroSerializer(registry, schema, conf={"auto.register.schemas": False})
        request = {"runId": "run-12500", "source": {"uri": "file:/data/runs/12500"}, "target": {},
                   "dryRun": False, "requestedBy": "etl", "requestedAt": int(time.time() * 1000),
                   "requestId": str(uuid.uuid4())}
        topic = "archiver.archive.requests"
        Producer({"bootstrap.servers": "localhost:9092"}).produce(
            topic, key=request["runId"],
            value=serialize(request, SerializationContext(topic, MessageField.VALUE)))
        ```

        Go (e.g. franz-go with its `sr` package) and other clients work the same way: fetch the subject's latest
        schema id, write magic byte 0, the 4-byte big-endian id and the Avro binary body.

        """;
  }
}
