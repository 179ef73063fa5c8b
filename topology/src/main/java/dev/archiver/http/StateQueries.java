package dev.archiver.http;

import java.util.List;
import java.util.Optional;

/** What the REST API reads from the archiver's state stores. */
public interface StateQueries {

  /** A run's state, by run id. */
  Optional<Object> run(String runId);

  /** Every restore in the restore queue. */
  List<Object> restores();

  /** One restore from the queue, with its live progress while it runs. */
  default Optional<Object> restore(String restoreId) {
    return Optional.empty();
  }
}
