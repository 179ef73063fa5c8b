package dev.archiver.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot start the archiver; the message lists every problem with its fix. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(
        problems.stream()
            .map(Problem::describe)
            .collect(Collectors.joining("\n  - ", "invalid configuration:\n  - ", "")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /**
   * One bad key.
   *
   * @param key the config key at fault
   * @param value the value as written, or null when absent
   * @param origin where the value came from (file, environment variable, flag)
   * @param problem what is wrong
   * @param fix what to do
   */
  public record Problem(String key, String value, String origin, String problem, String fix) {
    public String describe() {
      // A secret that fails its check is still a secret: name the key, never echo the value.
      String shown = value == null ? "" : " = '" + Secrets.display(key, value) + "'";
      return key + shown + " (" + origin + "): " + problem + "; fix: " + fix;
    }
  }
}
