package dev.archiver.http;

import java.util.List;
import java.util.Optional;

/** What the REST API reads from the archiver's state stores. */
public interface StateQueries {

  /** A run's state, by run id, from whichever instance owns it. */
  Optional<Object> run(String runId);

  /** A run's state from this instance's stores only (the answer to a forwarded query). */
  default Optional<Object> localRun(String runId) {
    return run(runId);
  }

  /** Every restore in the restore queue. */
  List<Object> restores();

  /** One restore from the queue, with its live progress while it runs. */
  default Optional<Object> restore(String restoreId) {
    return Optional.empty();
  }

  /**
   * The monthly storage cost of the catalog's archives per tier (the body of GET /api/cost); empty
   * while the catalog cannot be read.
   */
  default Optional<Object> cost() {
    return Optional.empty();
  }
}
