package dev.archiver.streams.processors;

/** Names of the topology's sink nodes: processors forward to them by name. */
public final class Sinks {
  public static final String DLQ = "dlq-sink";
  public static final String RUN_PROGRESS = "run-progress-sink";
  public static final String AUDIT = "audit-sink";

  private Sinks() {}

  /** The sink of a request kind's failure events. */
  public static String failureSinkOf(RequestKind<?> kind) {
    return kind.name() + "-failed-sink";
  }
}
