package dev.archiver.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Prints the shell completion of every command and option, generated from the command definitions,
 * so it cannot lag behind them. The script is bash's; zsh loads it through its bashcompinit layer,
 * which the script switches on.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the bash and zsh completion script.",
      "This shell:   source <(archiver completion)",
      "Every shell:  add that line to ~/.bashrc or ~/.zshrc, or use completion/archiver.bash of the release."
    })
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(script(spec.root().commandLine()));
    out.flush();
    return 0;
  }

  static String script(CommandLine root) {
    return AutoComplete.bash(root.getCommandName(), root);
  }
}
