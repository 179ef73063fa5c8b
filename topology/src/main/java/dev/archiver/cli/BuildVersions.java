package dev.archiver.cli;

import dev.archiver.embedded.EmbeddedStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * What {@code archiver --version} prints: the versions the archiver was built with
 * (build-versions.properties, which Maven fills in from the parent POM), each compared with what is
 * actually on the class path or in the registry directory where that is cheap to find, so a jar
 * swapped in a release's lib/ shows. Nothing here starts a broker or loads the config.
 */
final class BuildVersions {

  private static final Pattern RUNNER_JAR =
      Pattern.compile("apicurio-registry-app-(.+)-runner\\.jar");

  private final Properties built;

  private BuildVersions(Properties built) {
    this.built = built;
  }

  static BuildVersions load() {
    Properties properties = new Properties();
    try (InputStream in = BuildVersions.class.getResourceAsStream("build-versions.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "build-versions.properties is missing from the class path; the archiver was not built by Maven");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildVersions(properties);
  }

  String archiver() {
    return built.getProperty("archiver");
  }

  List<String> lines() {
    Path registryHome = EmbeddedStack.shippedRegistryHome();
    List<String> lines = new ArrayList<>();
    lines.add("archiver " + archiver());
    lines.add(line("kafka", "kafka", Optional.of(AppInfoParser.getVersion())));
    lines.add(line("avro", "avro", mavenVersion("org.apache.avro", "avro")));
    lines.add(
        line(
            "apicurio serde",
            "apicurio.serde",
            mavenVersion("io.apicurio", "apicurio-registry-avro-serde-kafka")));
    lines.add(registryLine(registryHome));
    lines.add(
        String.format(
            "  %-18s %s (%s)", "java", Runtime.version(), System.getProperty("java.home")));
    return lines;
  }

  /** "name built-version", plus what was found instead when it differs or is missing. */
  private String line(String label, String property, Optional<String> found) {
    String expected = built.getProperty(property);
    String seen =
        found
            .map(v -> v.equals(expected) ? "" : " (but " + v + " is on the class path)")
            .orElse(" (not found at run time)");
    return String.format("  %-18s %s%s", label, expected, seen);
  }

  /**
   * The embedded registry's line: a release or build that lacks it can still talk to a configured
   * registry.
   */
  private String registryLine(Path home) {
    String expected = built.getProperty("apicurio.registry");
    String where =
        runnerVersion(home)
            .map(
                v ->
                    v.equals(expected)
                        ? " (embedded server in " + home + ")"
                        : " (but " + v + " is the embedded server in " + home + ")")
            .orElse(
                " (no embedded server in "
                    + home
                    + ": set kafka.bootstrap.servers and registry.url)");
    return String.format("  %-18s %s%s", "apicurio registry", expected, where);
  }

  /**
   * The version Maven wrote into the jar of groupId:artifactId (META-INF/maven/.../pom.properties).
   */
  private static Optional<String> mavenVersion(String groupId, String artifactId) {
    String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = BuildVersions.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties pom = new Properties();
      pom.load(in);
      return Optional.ofNullable(pom.getProperty("version"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The version in the name of the registry's runner jar, e.g.
   * apicurio-registry-app-3.0.9-runner.jar.
   */
  private static Optional<String> runnerVersion(Path home) {
    if (!Files.isDirectory(home)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(home)) {
      return files
          .map(p -> RUNNER_JAR.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> m.group(1))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
