package dev.archiver.streams.work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long work of one processor, done on a pool thread so the stream thread's transaction stays short
 * whatever the data size, compression level or storage latency.
 *
 * <p>The job's input goes into a pending store (changelogged, so committed with the record that
 * started it) before the work starts; the result comes back on the stream thread, through {@link
 * #deliver}, where it is applied and its pending entry removed in one transaction. A crash in
 * between leaves the entry pending, and the task's next owner runs it again ({@link JobFactory}'s
 * work is idempotent). Nothing is lost and nothing is applied twice: a result whose job is no
 * longer the pending one (superseded, or already applied) is dropped. When a task closes, its jobs
 * are cancelled, so the same work never runs on two instances for long.
 *
 * <p>A job that fails for a reason its {@link RetryPolicy} calls retriable stays pending and runs
 * again after a backoff, on the same wall-clock schedule, until it succeeds or its attempts are
 * used up; only then is it applied. Attempts are counted in memory: a task's next owner starts the
 * count again.
 */
public final class BackgroundJobs<J, R> {

  /** How often finished work is picked up when no record arrives. */
  static final Duration DELIVER_EVERY = Duration.ofMillis(100);

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);

  private final String storeName;
  private final WorkPools pools;
  private final WorkPools.Pool pool;
  private final JobFactory<J, R> factory;
  private RetryPolicy retry = RetryPolicy.none();
  private final Map<String, Integer> failedAttempts = new HashMap<>();
  private final Map<String, Long> retryAt = new HashMap<>();
  private ProcessorContext<?, ?> context;
  private final Queue<Finished<J, R>> finished = new ConcurrentLinkedQueue<>();
  private KeyValueStore<String, J> pending;
  private Consumer<Finished<J, R>> onDone;
  private Consumer<Finished<J, R>> onWaiting = done -> {};
  private volatile boolean closed;

  public BackgroundJobs(
      String storeName, WorkPools pools, WorkPools.Pool pool, JobFactory<J, R> factory) {
    this.storeName = storeName;
    this.pools = pools;
    this.pool = pool;
    this.factory = factory;
  }

  /**
   * Failed attempts the policy calls retriable are retried with backoff before the job is applied
   * as failed.
   */
  public BackgroundJobs<J, R> retrying(RetryPolicy policy) {
    this.retry = policy;
    return this;
  }

  /**
   * As {@link #init(ProcessorContext, Consumer)}; {@code waiting} runs, on the stream thread, each
   * time a job answers {@link NotReadyYet}.
   */
  public void init(
      ProcessorContext<?, ?> context,
      Consumer<Finished<J, R>> onDone,
      Consumer<Finished<J, R>> waiting) {
    this.onWaiting = waiting;
    init(context, onDone);
  }

  /**
   * Opens the pending store, resumes every job a previous owner of this task left pending, and
   * picks up finished work on a wall-clock schedule. {@code onDone} runs on the stream thread, in
   * the task's transaction.
   */
  public void init(ProcessorContext<?, ?> context, Consumer<Finished<J, R>> onDone) {
    this.context = context;
    this.pending = context.getStateStore(storeName);
    this.onDone = onDone;
    List<KeyValue<String, J>> left = new ArrayList<>();
    try (KeyValueIterator<String, J> all = pending.all()) {
      all.forEachRemaining(left::add);
    }
    for (KeyValue<String, J> job : left) {
      LOG.info("event=job_resumed store={} key={}", storeName, job.key);
      submit(job.key, job.value);
    }
    context.schedule(
        DELIVER_EVERY,
        PunctuationType.WALL_CLOCK_TIME,
        now -> {
          resubmitDue(now);
          deliver();
        });
  }

  /**
   * Records the job as pending and starts it. A job already pending under the key is superseded.
   */
  public void start(String key, J job) {
    LOG.debug("event=job_started store={} key={}", storeName, key);
    pending.put(key, job);
    failedAttempts.remove(key);
    retryAt.remove(key);
    submit(key, job);
  }

  public boolean isPending(String key) {
    return pending.get(key) != null;
  }

  /**
   * Applies every finished job whose input is still the pending one. Call it at the end of
   * process() too.
   */
  public void deliver() {
    for (Finished<J, R> done; (done = finished.poll()) != null; ) {
      J current = pending.get(done.key());
      if (current == null || !current.equals(done.job())) {
        LOG.debug("event=stale_job_result_dropped store={} key={}", storeName, done.key());
        continue;
      }
      if (done.failure() instanceof NotReadyYet wait) {
        retryAt.put(done.key(), context.currentSystemTimeMs() + wait.checkAgainIn().toMillis());
        onWaiting.accept(done);
        continue;
      }
      if (done.failed() && retryLater(done)) {
        continue;
      }
      int attempts = failedAttempts.getOrDefault(done.key(), 0) + 1;
      failedAttempts.remove(done.key());
      pending.delete(done.key());
      LOG.debug("event=job_applied store={} key={}", storeName, done.key());
      onDone.accept(done.afterAttempts(attempts));
    }
  }

  /**
   * Keeps a failed job pending for another attempt, if its failure is retriable and it has attempts
   * left.
   */
  private boolean retryLater(Finished<J, R> done) {
    if (!retry.retriable().test(done.failure())) {
      return false;
    }
    int failed = failedAttempts.getOrDefault(done.key(), 0) + 1;
    if (failed >= retry.maxAttempts()) {
      return false;
    }
    failedAttempts.put(done.key(), failed);
    long delay = retry.delayAfter(failed).toMillis();
    retryAt.put(done.key(), context.currentSystemTimeMs() + delay);
    LOG.warn(
        "event=job_retry store={} key={} attempt={} of={} next_in_ms={} error=\"{}\"",
        storeName,
        done.key(),
        failed,
        retry.maxAttempts(),
        delay,
        String.valueOf(done.failure()).replace('"', '\''));
    return true;
  }

  private void resubmitDue(long now) {
    List<String> due = new ArrayList<>();
    retryAt.forEach(
        (key, at) -> {
          if (at <= now) {
            due.add(key);
          }
        });
    for (String key : due) {
      retryAt.remove(key);
      J job = pending.get(key);
      if (job != null) {
        submit(key, job);
      }
    }
  }

  /**
   * The task is closing: it moved to another instance (or this one stops). Its jobs are cancelled,
   * so that work does not run on beside the task's new owner, which resumes them from the pending
   * store; their results are dropped.
   */
  public void close() {
    closed = true;
    retryAt.clear();
    pools
        .running()
        .forEach(
            (id, running) -> {
              if (running.owner() == this && pools.running().remove(id, running)) {
                LOG.info(
                    "event=job_cancelled store={} id={} (the task closed; its next owner runs it again)",
                    storeName,
                    id);
                running.cancel();
              }
            });
  }

  private void submit(String key, J job) {
    String id = storeName + "/" + key;
    @SuppressWarnings("unchecked") // ids are scoped by store name, and one store holds one job type
    RunningJob<J, R> already = (RunningJob<J, R>) pools.running().get(id);
    if (already != null && already.job.equals(job)) {
      already.adoptedBy(
          this); // the same job asked for again while it runs (a repeated record): one run is
      // enough
      return;
    }
    Callable<R> work = factory.prepare(key, job);
    RunningJob<J, R> running = new RunningJob<>(job, this);
    pools.running().put(id, running);
    FutureTask<Void> task = new FutureTask<>(() -> run(id, key, running, work), null);
    running.runsAs(task);
    pools.executor(pool).execute(task);
  }

  private static <J, R> void run(
      String id, String key, RunningJob<J, R> running, Callable<R> work) {
    R result = null;
    Throwable failure = null;
    try {
      result = work.call();
    } catch (Exception | Error e) {
      failure = e;
    }
    pools(running).running().remove(id, running);
    LOG.debug("event=job_finished id={}", id);
    BackgroundJobs<J, R> owner = running.owner();
    if (!owner.closed) {
      owner.finished.add(new Finished<>(key, running.job, result, failure));
    }
  }

  private static WorkPools pools(RunningJob<?, ?> running) {
    return running.owner().pools;
  }
}
