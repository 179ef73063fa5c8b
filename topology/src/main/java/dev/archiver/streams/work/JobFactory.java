package dev.archiver.streams.work;

import java.util.concurrent.Callable;

/**
 * Turns a pending job into the work to run. Called on the stream thread (it may read state stores);
 * the work it returns runs on a pool thread and must touch no store and no processor context.
 * Running the work twice must write the same bytes: after a crash it runs again.
 */
@FunctionalInterface
public interface JobFactory<J, R> {
  Callable<R> prepare(String key, J job);
}
