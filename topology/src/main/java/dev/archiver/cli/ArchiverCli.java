package dev.archiver.cli;

import dev.archiver.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `archiver` command line. The only place that prints to the terminal or exits the process. */
@Command(
    name = "archiver",
    mixinStandardHelpOptions = true,
    versionProvider = ArchiverCli.Version.class,
    description =
        "A Kafka-native data archiver: archive, verify and restore runs through Kafka Streams.",
    subcommands = {
      UpCommand.class,
      DemoCommand.class,
      ArchiveCommand.class,
      StatusCommand.class,
      VerifyCommand.class,
      RestoreCommand.class,
      RestoresCommand.class,
      HoldCommand.class,
      PurgeCommand.class,
      MoveCommand.class,
      CostCommand.class,
      ConfigCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ArchiverCli {

  /** Exit code for a configuration the archiver refuses. */
  static final int CONFIG_ERROR = 2;

  /** Kept referenced: JUL holds loggers weakly, and a collected logger would forget its level. */
  private static final java.util.logging.Logger APICURIO_CLIENT =
      java.util.logging.Logger.getLogger("io.apicurio.registry.client");

  public static void main(String[] args) {
    // The registry client warns on every CLI run that it uses its default Vert.x instance; true,
    // and harmless here.
    APICURIO_CLIENT.setLevel(java.util.logging.Level.SEVERE);
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ArchiverCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof ConfigException config) {
            err.println(config.getMessage());
            return CONFIG_ERROR;
          }
          // A refused login surfaces deep in a Kafka client; say which kafka.client.* setting to
          // look at instead.
          err.println(
              "archiver: "
                  + dev.archiver.config.BrokerRefusal.explain(e, null).orElse(e.getMessage()));
          return 1;
        });
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return BuildVersions.load().lines().toArray(String[]::new);
    }
  }
}
