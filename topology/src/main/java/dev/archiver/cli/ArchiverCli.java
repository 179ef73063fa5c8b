package dev.archiver.cli;

import dev.archiver.config.ConfigException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `archiver` command line. The only place that prints to the terminal or exits the process. */
@Command(
    name = "archiver",
    mixinStandardHelpOptions = true,
    versionProvider = ArchiverCli.Version.class,
    description =
        "A Kafka-native data archiver: archive, verify and restore runs through Kafka Streams.")
public final class ArchiverCli {

  /** Exit code for a configuration the archiver refuses. */
  static final int CONFIG_ERROR = 2;

  /** Kept referenced: JUL holds loggers weakly, and a collected logger would forget its level. */
  private static final java.util.logging.Logger APICURIO_CLIENT =
      java.util.logging.Logger.getLogger("io.apicurio.registry.client");

  /**
   * The subcommands, in the order the help and the completion list them. A new command: its name
   * here and its class in {@link #subcommand}.
   */
  static final List<String> SUBCOMMANDS =
      List.of(
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
          "bench",
          "config",
          "completion",
          "help");

  public static void main(String[] args) {
    // The registry client warns on every CLI run that it uses its default Vert.x instance; true,
    // and harmless here.
    APICURIO_CLIENT.setLevel(java.util.logging.Level.SEVERE);
    // `archiver archive ...` needs the model of `archive` only: building every command's model
    // (reflection over their options, their classes' static state) cost a tenth of the CLI's
    // start. The help and the completion list every command, so they get all.
    boolean one = args.length > 0 && SUBCOMMANDS.contains(args[0]) && !args[0].equals("help");
    System.exit(
        (one && !args[0].equals("completion") ? commandLine(List.of(args[0])) : commandLine())
            .execute(args));
  }

  /** The whole command line: every subcommand. */
  public static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS);
  }

  private static CommandLine commandLine(List<String> subcommands) {
    CommandLine cli = new CommandLine(new ArchiverCli());
    for (String name : subcommands) {
      cli.addSubcommand(name, subcommand(name));
    }
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

  /** The class of the named subcommand (picocli makes it); only that class is loaded. */
  private static Object subcommand(String name) {
    return switch (name) {
      case "up" -> UpCommand.class;
      case "demo" -> DemoCommand.class;
      case "archive" -> ArchiveCommand.class;
      case "status" -> StatusCommand.class;
      case "verify" -> VerifyCommand.class;
      case "restore" -> RestoreCommand.class;
      case "restores" -> RestoresCommand.class;
      case "hold" -> HoldCommand.class;
      case "purge" -> PurgeCommand.class;
      case "move" -> MoveCommand.class;
      case "cost" -> CostCommand.class;
      case "bench" -> BenchCommand.class;
      case "config" -> ConfigCommand.class;
      case "completion" -> CompletionCommand.class;
      case "help" -> CommandLine.HelpCommand.class;
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return BuildVersions.load().lines().toArray(String[]::new);
    }
  }
}
