package dev.archiver.cli;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigLoader;
import dev.archiver.config.ConfigReference;
import dev.archiver.config.ConfigTemplate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks a config file without starting anything, and lists every key. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Check a config file, or list the config keys.",
    subcommands = {
      ConfigCommand.Validate.class,
      ConfigCommand.Show.class,
      ConfigCommand.Keys.class
    })
final class ConfigCommand {

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description =
          "Check FILE (with ARCHIVER_* env overrides) and exit 0 if the archiver would start with it.")
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "YAML or .properties config file.")
    Path file;

    @Override
    public Integer call() {
      ArchiverConfig config = new ConfigLoader().load(file, System.getenv(), java.util.Map.of());
      // The price table cost.prices names is checked at start-up too.
      dev.archiver.cost.CostPrices.fromConfig(config);
      spec.commandLine().getOut().println(file + ": valid");
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print every setting the archiver would start with and where it comes from; secrets show as [hidden].")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (ArchiverConfig.Setting setting : options.load().settings()) {
        out.println(
            setting.key() + " = " + setting.shownValue() + "    (" + setting.origin() + ")");
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "keys",
      mixinStandardHelpOptions = true,
      description = "List every config key with its default, env var and meaning.")
  static final class Keys implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true)
    Format format;

    static final class Format {
      @Option(
          names = "--markdown",
          description = "Print the reference as a Markdown table (docs/configuration.md).")
      boolean markdown;

      @Option(
          names = "--yaml",
          description =
              "Print a config file with every key commented out (conf/archiver.yaml of the release).")
      boolean yaml;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (format != null && format.markdown) {
        out.print(ConfigReference.markdown());
      } else if (format != null && format.yaml) {
        out.print(ConfigTemplate.yaml());
      } else {
        out.print(ConfigReference.text());
      }
      out.flush();
      return 0;
    }
  }

  private ConfigCommand() {}
}
