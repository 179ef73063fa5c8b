package dev.archiver.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.cli.ArchiverCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The release ships the shell completion `archiver completion` prints
 * (dist/src/completion/archiver.bash), checked in so a change to the commands shows in review; this
 * test fails when a command or option changed and it did not. Refresh: {@code ./mvnw -pl topology
 * -am test -Dtest=CompletionScriptTest -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.update=true}.
 */
class CompletionScriptTest {

  private static final Path SHIPPED = Path.of("../dist/src/completion/archiver.bash");

  @Test
  void shouldShipTheCompletionOfTheCurrentCommands() throws IOException {
    StringWriter out = new StringWriter();
    CommandLine cli = ArchiverCli.commandLine();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("completion")).isZero();
    String generated = out.toString();

    if (Boolean.getBoolean("docs.update")) {
      Files.createDirectories(SHIPPED.getParent());
      Files.writeString(SHIPPED, generated, StandardCharsets.UTF_8);
    }
    assertThat(SHIPPED).as(SHIPPED + "; generate it with -Ddocs.update=true").exists();
    assertThat(Files.readString(SHIPPED, StandardCharsets.UTF_8))
        .as(SHIPPED + " is stale; regenerate with -Dtest=CompletionScriptTest -Ddocs.update=true")
        .isEqualTo(generated);
  }
}
