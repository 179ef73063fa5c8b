package dev.archiver.cost;

import java.util.List;

/** A price table that cannot be used; each problem names the field at fault. */
public final class PriceTableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  public PriceTableException(String origin, List<String> problems) {
    super(origin + ": " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, as "field: what is wrong". */
  public List<String> problems() {
    return problems;
  }
}
