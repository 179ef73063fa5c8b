package dev.archiver.streams.work;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that do the archiver's long work beside the stream threads, so no Kafka transaction
 * stays open while a chunk compresses, a tree is listed or a restore writes. Two pools: chunk work
 * (CPU bound, one thread per core by default) and run work (planning, manifests, restores,
 * integrity planning, expiry), so a new run's plan does not queue behind another run's hundred
 * chunks.
 *
 * <p>The pools also remember which jobs this process is running, so a task that closes and opens
 * again here (a rebalance that gives it back) takes over its running jobs instead of starting them
 * twice.
 */
public final class WorkPools implements AutoCloseable {

  /** Which pool a job runs on. */
  public enum Pool {
    CHUNKS,
    RUNS
  }

  private final Executor chunks;
  private final Executor runs;
  private final Map<String, RunningJob<?, ?>> running = new ConcurrentHashMap<>();

  private WorkPools(Executor chunks, Executor runs) {
    this.chunks = chunks;
    this.runs = runs;
  }

  public static WorkPools threads(int chunkThreads, int runThreads) {
    return new WorkPools(
        Executors.newFixedThreadPool(chunkThreads, named("archiver-chunk-work-")),
        Executors.newFixedThreadPool(runThreads, named("archiver-run-work-")));
  }

  /** Jobs on executors of the caller's choosing: tests hold jobs back to see a run in flight. */
  public static WorkPools using(Executor chunks, Executor runs) {
    return new WorkPools(chunks, runs);
  }

  /**
   * Runs every job on the thread that starts it: for TopologyTestDriver, where results must be
   * ready at once.
   */
  public static WorkPools direct() {
    return new WorkPools(Runnable::run, Runnable::run);
  }

  Executor executor(Pool pool) {
    return pool == Pool.CHUNKS ? chunks : runs;
  }

  Map<String, RunningJob<?, ?>> running() {
    return running;
  }

  /** Jobs running now, all pools: for metrics and tests. */
  public int runningJobs() {
    return running.size();
  }

  /**
   * Stops the threads after the stream threads are closed. Jobs still running are interrupted;
   * their inputs are still in the pending stores, so the next start runs them again.
   */
  @Override
  public void close() {
    for (Executor executor : new Executor[] {chunks, runs}) {
      if (executor instanceof ExecutorService service) {
        service.shutdownNow();
        try {
          service.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
