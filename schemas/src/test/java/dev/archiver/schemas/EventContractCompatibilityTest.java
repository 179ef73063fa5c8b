package dev.archiver.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.junit.jupiter.api.Test;

/**
 * Holds the contract to its committed baseline (schemas/baseline). A change that would break a
 * consumer of an older record fails this test, and so the build. After a compatible change, refresh
 * the baseline with {@code mvn -pl schemas test -Dschemas.update-baseline=true} and commit it.
 */
class EventContractCompatibilityTest {

  private static final Path BASELINE = Path.of("baseline");

  @Test
  void everyEventIsBackwardCompatibleWithItsBaseline() throws IOException {
    if (Boolean.getBoolean("schemas.update-baseline")) {
      writeBaseline();
    }
    List<String> problems = new ArrayList<>();
    for (Schema current : EventContract.events()) {
      Path file = BASELINE.resolve(current.getName() + ".avsc");
      assertThat(file)
          .as(
              "baseline for %s; run with -Dschemas.update-baseline=true and commit it",
              current.getName())
          .exists();
      problems.addAll(EventContract.backwardIncompatibilities(current, parse(file)));
    }
    assertThat(problems).as("changes that are not BACKWARD compatible").isEmpty();
  }

  @Test
  void shouldReportANewFieldWithoutDefaultAsIncompatible() throws IOException {
    Schema baseline = parse(BASELINE.resolve("ArchiveRequested.avsc"));
    Schema broken = withExtraField(baseline, "{\"name\": \"priority\", \"type\": \"int\"}");

    assertThat(EventContract.backwardIncompatibilities(broken, baseline))
        .singleElement()
        .asString()
        .contains("READER_FIELD_MISSING_DEFAULT", "priority");
  }

  @Test
  void shouldAcceptANewFieldWithADefault() throws IOException {
    Schema baseline = parse(BASELINE.resolve("ArchiveRequested.avsc"));
    Schema evolved =
        withExtraField(baseline, "{\"name\": \"priority\", \"type\": \"int\", \"default\": 0}");

    assertThat(EventContract.backwardIncompatibilities(evolved, baseline)).isEmpty();
  }

  @Test
  void shouldReportARemovedEnumSymbolWithoutDefaultAsIncompatible() throws IOException {
    Schema baseline = parse(BASELINE.resolve("IntegrityCheckRequested.avsc"));
    Schema narrowed = new Schema.Parser().parse(baseline.toString().replace("\"SAMPLE\",", ""));

    assertThat(EventContract.backwardIncompatibilities(narrowed, baseline))
        .anySatisfy(problem -> assertThat(problem).contains("MISSING_ENUM_SYMBOLS"));
  }

  private static Schema withExtraField(Schema schema, String fieldJson) {
    String json = schema.toString();
    int fieldsStart = json.indexOf("\"fields\":[") + "\"fields\":[".length();
    return new Schema.Parser()
        .parse(json.substring(0, fieldsStart) + fieldJson + "," + json.substring(fieldsStart));
  }

  private static Schema parse(Path file) throws IOException {
    return new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  private static void writeBaseline() throws IOException {
    Files.createDirectories(BASELINE);
    for (Schema schema : EventContract.events()) {
      Files.writeString(
          BASELINE.resolve(schema.getName() + ".avsc"),
          SchemaFormatter.format("json/pretty", schema) + "\n",
          StandardCharsets.UTF_8);
    }
  }
}
