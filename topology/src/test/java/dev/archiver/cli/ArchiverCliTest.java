package dev.archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ArchiverCliTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = ArchiverCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shouldAcceptAValidConfigFile() throws IOException {
    Path file = Files.writeString(dir.resolve("ok.yaml"), "http.port: 9000\nchunk.size: 16MiB\n");

    assertThat(run("config", "validate", file.toString())).isZero();
    assertThat(out.toString()).contains("valid");
  }

  @Test
  void shouldExitNonZeroNamingTheKeyAndTheFixWhenValidating() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "chunk.size: huge\n");

    assertThat(run("config", "validate", file.toString())).isEqualTo(ArchiverCli.CONFIG_ERROR);
    assertThat(err.toString()).contains("chunk.size = 'huge'", "fix: set chunk.size");
  }

  @Test
  void shouldRefuseToStartUpWithABadConfigBeforeStartingAnything() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "registry.url: ftp://nowhere\nkafka.bootstrap.servers: b:9092\n");

    assertThat(run("up", "--config", file.toString(), "--data-dir", dir.resolve("data").toString()))
        .isEqualTo(ArchiverCli.CONFIG_ERROR);
    assertThat(err.toString()).contains("registry.url = 'ftp://nowhere'", "fix:");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void shouldOfferHelpOnEveryCommand() {
    for (String command :
        new String[] {
          "up",
          "demo",
          "archive",
          "status",
          "verify",
          "restore",
          "restores",
          "hold",
          "purge",
          "move",
          "cost",
          "config",
          "completion"
        }) {
      out.getBuffer().setLength(0);
      assertThat(run(command, "--help")).as(command).isZero();
      assertThat(out.toString()).as(command).contains("Usage: archiver " + command);
    }
  }

  @Test
  void shouldRefuseAnUnknownTier() {
    assertThat(run("archive", "run-1", "--source", "file:/x", "--tier", "tape")).isNotZero();
    assertThat(err.toString()).contains("tape");
  }

  @Test
  void shouldRefuseToBenchATierItCannotRestoreAtOnceBeforeStartingAnything() {
    assertThat(run("bench", "--tier", "glacier", "--work-dir", dir.resolve("b").toString()))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("a cold tier cannot be restored without a thaw");
    assertThat(run("bench", "--tier", "tape")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--tier 'tape' is not one of");
    assertThat(run("bench", "--tier", "standard", "--connect"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("needs the archiver the bench starts itself");
    assertThat(dir.resolve("b")).doesNotExist();
  }

  @Test
  void shouldPrintTheVersionsItWasBuiltWith() throws IOException {
    java.util.Properties built = new java.util.Properties();
    try (var in = ArchiverCli.class.getResourceAsStream("build-versions.properties")) {
      built.load(in);
    }

    assertThat(run("--version")).isZero();

    assertThat(built.getProperty("kafka")).as("filtered by Maven").matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(out.toString())
        .startsWith("archiver " + built.getProperty("archiver") + "\n")
        .containsPattern(
            "kafka +" + java.util.regex.Pattern.quote(built.getProperty("kafka")) + "\n")
        .containsPattern("avro +" + java.util.regex.Pattern.quote(built.getProperty("avro")) + "\n")
        .containsPattern(
            "apicurio serde +"
                + java.util.regex.Pattern.quote(built.getProperty("apicurio.serde"))
                + "\n")
        .containsPattern(
            "apicurio registry +"
                + java.util.regex.Pattern.quote(built.getProperty("apicurio.registry"))
                + " \\(embedded server in ")
        .doesNotContain("but", "not found");
  }

  @Test
  void shouldPrintACompletionScriptThatBashLoadsAndThatCompletesCommands() throws Exception {
    assertThat(run("completion")).isZero();
    Path script = Files.writeString(dir.resolve("archiver.bash"), out.toString());

    // What bash does on `archiver co<TAB>`, then on `archiver config keys --<TAB>`.
    String completed =
        bash(
            "source "
                + script
                + " && complete -p archiver"
                + " && COMP_WORDS=(archiver co) COMP_CWORD=1 && _complete_archiver && echo \"${COMPREPLY[*]}\""
                + " && COMP_WORDS=(archiver config keys --) COMP_CWORD=3 && _complete_archiver && echo \"${COMPREPLY[*]}\"");

    assertThat(completed.lines().toList())
        .containsExactly(
            "complete -o default -F _complete_archiver archiver",
            "cost config completion",
            "--markdown --yaml --help --version");
  }

  private static String bash(String script) throws Exception {
    Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String output =
        new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(bash.waitFor()).as(output).isZero();
    return output;
  }

  @Test
  void shouldGenerateTheConfigReferenceFromTheDeclarations() {
    assertThat(run("config", "keys", "--markdown")).isZero();
    assertThat(out.toString()).contains("| `chunk.size` | `ARCHIVER_CHUNK_SIZE` | `64MiB` |");
  }

  @Test
  void shouldShowEverySettingWithItsOriginAndHideTheSecrets() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("secure.yaml"),
            """
            kafka.bootstrap.servers: broker:9093
            registry.url: http://registry:8080/apis/registry/v3
            kafka.client:
              security.protocol: SASL_SSL
              sasl.mechanism: PLAIN
              sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required username="archiver" password="jaas-pw-1234";
            registry.client.auth.username: archiver
            registry.client.auth.password: reg-pw-1234
            http.token: http-token-0123456789
            """);

    assertThat(run("config", "show", "--config", file.toString())).as("err: %s", err).isZero();

    assertThat(out.toString())
        .contains("kafka.client.security.protocol = SASL_SSL    (file " + file + ")")
        .contains("kafka.client.sasl.jaas.config = [hidden]")
        .contains("registry.client.auth.password = [hidden]")
        .contains("http.token = [hidden]")
        .contains("http.host = 127.0.0.1    (default)")
        .doesNotContain("jaas-pw-1234", "reg-pw-1234", "http-token-0123456789");
  }

  @Test
  void shouldListThePassThroughSettingsInTheReference() {
    assertThat(run("config", "keys", "--markdown")).isZero();
    assertThat(out.toString())
        .contains("### `kafka.client.*`", "`sasl.jaas.config`", "`ARCHIVER_KAFKA_CLIENT_")
        .contains("### `registry.client.*`", "`auth.password`")
        .contains("| `http.host` | `ARCHIVER_HTTP_HOST` | `127.0.0.1` |");
  }
}
