package dev.archiver.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigKey;
import dev.archiver.config.ConfigKeys;
import dev.archiver.config.ConfigLoader;
import dev.archiver.config.ConfigReference;
import dev.archiver.config.ConfigTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md and the release's conf/archiver.yaml are generated from the key
 * declarations; this test fails when either is stale, and checks that the shipped file is a config
 * that changes nothing, commented or not. Refresh both: {@code ./mvnw -pl topology test
 * -Dtest=ConfigReferenceTest -Ddocs.update=true}.
 */
class ConfigReferenceTest {

  private static final Path REFERENCE = Path.of("../docs/configuration.md");
  private static final Path SHIPPED = Path.of("../dist/src/conf/archiver.yaml");

  /** A commented-out setting: '#' right before the key (explanations have a space after it). */
  private static final Pattern SETTING = Pattern.compile("(?m)^#([a-z][\\w.-]*): (.*)$");

  @TempDir Path dir;

  @Test
  void shouldKeepTheConfigReferenceCurrent() throws IOException {
    assertCurrent(REFERENCE, ConfigReference.markdown());
  }

  @Test
  void shouldKeepTheShippedConfigFileCurrent() throws IOException {
    assertCurrent(SHIPPED, ConfigTemplate.yaml());
  }

  @Test
  void shouldChangeNothingWhenTheShippedConfigFileIsLoaded() {
    assertThat(new ConfigLoader().load(SHIPPED, Map.of(), Map.of())).isEqualTo(defaults());
  }

  @Test
  void shouldHoldEveryKeyAtItsDefaultOnceUncommented() throws IOException {
    String shipped = Files.readString(SHIPPED, StandardCharsets.UTF_8);
    Matcher settings = SETTING.matcher(shipped);
    List<String> names = settings.results().map(m -> m.group(1)).toList();
    Path uncommented =
        Files.writeString(
            dir.resolve("uncommented.yaml"), SETTING.matcher(shipped).replaceAll("$1: $2"));

    assertThat(names)
        .containsExactlyElementsOf(
            ConfigKeys.all().stream().map(ConfigKey::name).sorted(byDeclaration()).toList());
    assertThat(new ConfigLoader().load(uncommented, Map.of(), Map.of())).isEqualTo(defaults());
  }

  /**
   * The template groups keys by concern; within the file they keep their first-seen group order.
   */
  private static java.util.Comparator<String> byDeclaration() {
    List<String> groups = ConfigKeys.all().stream().map(ConfigKey::group).distinct().toList();
    Map<String, ConfigKey> keys = ConfigKeys.byName();
    List<String> declared = ConfigKeys.all().stream().map(ConfigKey::name).toList();
    return java.util.Comparator.<String>comparingInt(n -> groups.indexOf(keys.get(n).group()))
        .thenComparingInt(declared::indexOf);
  }

  private static ArchiverConfig defaults() {
    return new ConfigLoader().load(null, Map.of(), Map.of());
  }

  private static void assertCurrent(Path file, String generated) throws IOException {
    if (Boolean.getBoolean("docs.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, generated, StandardCharsets.UTF_8);
    }
    assertThat(file).as(file + "; generate it with -Ddocs.update=true").exists();
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as(
            file
                + " is stale; regenerate with ./mvnw -pl topology test -Dtest=ConfigReferenceTest -Ddocs.update=true")
        .isEqualTo(generated);
  }
}
