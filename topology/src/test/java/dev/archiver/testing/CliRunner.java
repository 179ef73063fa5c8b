package dev.archiver.testing;

import dev.archiver.cli.ArchiverCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Runs the real CLI in-process against the shared archiver, as an operator's shell would, keeping
 * what it printed.
 */
public final class CliRunner {

  private final Path configFile;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CliRunner(Path configFile) {
    this.configFile = configFile;
  }

  /**
   * A CLI run against the shared archiver, with a config file written into {@code work} that points
   * it there.
   */
  public static CliRunner forSharedArchiver(Path work) throws IOException {
    return new CliRunner(sharedArchiverConfig(work));
  }

  /** A CLI run with {@code --config configFile}, for archivers other than the shared one. */
  public static CliRunner withConfig(Path configFile) {
    return new CliRunner(configFile);
  }

  private static Path sharedArchiverConfig(Path work) throws IOException {
    SharedArchiver.Running archiver = SharedArchiver.get();
    return Files.writeString(
        work.resolve("cli.yaml"),
        "kafka.bootstrap.servers: "
            + archiver.service().bootstrapServers()
            + "\nregistry.url: "
            + archiver.service().registryUrl()
            + "\n");
  }

  /**
   * Runs one command; returns its exit code. {@link #out()} and {@link #err()} then hold what it
   * printed.
   */
  public int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = ArchiverCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(
        Stream.concat(Stream.of(args), Stream.of("--config", configFile.toString()))
            .toArray(String[]::new));
  }

  public String out() {
    return out.toString();
  }

  public String err() {
    return err.toString();
  }
}
