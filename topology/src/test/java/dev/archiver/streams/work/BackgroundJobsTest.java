package dev.archiver.streams.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pending-store contract: work survives its task's end, runs again, and is applied once, for
 * the job pending.
 */
class BackgroundJobsTest {

  private static final String STORE = "test-pending";

  private final Queue<Runnable> held = new ArrayDeque<>();
  private final Executor holdBack = held::add;
  private final WorkPools pools = WorkPools.using(holdBack, holdBack);
  private final AtomicInteger runs = new AtomicInteger();
  private final List<String> applied = new ArrayList<>();
  private KeyValueStore<String, String> pending;

  @BeforeEach
  void store() {
    pending =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled()
            .build();
  }

  /** A processor instance of a task: a new context over the same store is the task opened again. */
  private BackgroundJobs<String, String> open() {
    MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    pending.init(context.getStateStoreContext(), pending);
    context.addStateStore(pending);
    BackgroundJobs<String, String> jobs =
        new BackgroundJobs<>(
            STORE,
            pools,
            WorkPools.Pool.RUNS,
            (key, job) ->
                () -> {
                  runs.incrementAndGet();
                  return job.toUpperCase(Locale.ROOT);
                });
    jobs.init(context, done -> applied.add(done.key() + "=" + done.result()));
    return jobs;
  }

  private void runHeld() {
    for (Runnable job; (job = held.poll()) != null; ) {
      job.run();
    }
  }

  @Test
  void shouldRunAJobAgainWhenItsTaskEndedBeforeItRanAndApplyItOnce() {
    BackgroundJobs<String, String> crashed = open();
    crashed.start("run-1", "plan");
    crashed.close();
    held.clear(); // the process died: the job never ran
    pools.running().clear();

    BackgroundJobs<String, String> next = open();
    runHeld();
    next.deliver();
    next.deliver();

    assertThat(applied).containsExactly("run-1=PLAN");
    assertThat(runs).hasValue(1);
    assertThat(pending.get("run-1")).as("applied, so no longer pending").isNull();
  }

  @Test
  void shouldCancelTheJobsOfAClosedTaskAndRunThemOnceForItsNextOwner() {
    BackgroundJobs<String, String> first = open();
    first.start("run-1", "plan");
    first.close(); // a rebalance closes the task while its job is queued...

    BackgroundJobs<String, String> again =
        open(); // ...and gives it to a new owner, here in this process
    runHeld();
    first.deliver();
    again.deliver();

    assertThat(runs).as("the closed task's job was cancelled, the new owner's ran").hasValue(1);
    assertThat(applied).containsExactly("run-1=PLAN");
  }

  /**
   * Jobs whose first {@code failures} runs throw {@code failure}, then succeed; retried as {@code
   * policy} says.
   */
  private BackgroundJobs<String, String> failing(
      MockProcessorContext<String, Object> context,
      List<Finished<String, String>> done,
      int failures,
      Exception failure,
      RetryPolicy policy) {
    pending.init(context.getStateStoreContext(), pending);
    context.addStateStore(pending);
    BackgroundJobs<String, String> jobs =
        new BackgroundJobs<String, String>(
                STORE,
                pools,
                WorkPools.Pool.RUNS,
                (key, job) ->
                    () -> {
                      if (runs.incrementAndGet() <= failures) {
                        throw failure;
                      }
                      return job.toUpperCase(java.util.Locale.ROOT);
                    })
            .retrying(policy);
    jobs.init(context, done::add);
    return jobs;
  }

  private static void tick(MockProcessorContext<String, Object> context, long now) {
    context.setCurrentSystemTimeMs(now);
    context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(now));
  }

  @Test
  void shouldRetryARetriableFailureAfterItsBackoffAndApplyTheResultOnce() {
    MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    List<Finished<String, String>> done = new ArrayList<>();
    BackgroundJobs<String, String> jobs =
        failing(
            context,
            done,
            2,
            new java.io.IOException("tier blip"),
            new RetryPolicy(
                f -> f instanceof java.io.IOException, 5, java.time.Duration.ofSeconds(2)));

    jobs.start("run-1", "plan");
    runHeld();
    tick(context, 0);
    assertThat(done).as("failed once, retried later").isEmpty();
    assertThat(pending.get("run-1")).isEqualTo("plan");
    tick(context, 1_999);
    assertThat(held).as("not before its backoff").isEmpty();
    tick(context, 2_000);
    runHeld(); // fails again: the next try waits twice as long
    tick(context, 2_000);
    tick(context, 5_999);
    assertThat(held).isEmpty();
    tick(context, 6_000);
    runHeld();
    tick(context, 6_000);

    assertThat(done)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.result()).isEqualTo("PLAN");
              assertThat(d.attempts()).isEqualTo(3);
            });
    assertThat(pending.get("run-1")).isNull();
  }

  @Test
  void shouldAnswerAPermanentFailureAtOnceAndARetriableOneWhenItsAttemptsAreUsedUp() {
    MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    List<Finished<String, String>> done = new ArrayList<>();
    BackgroundJobs<String, String> jobs =
        failing(
            context,
            done,
            99,
            new IllegalStateException("bad input"),
            new RetryPolicy(
                f -> f instanceof java.io.IOException, 3, java.time.Duration.ofSeconds(1)));
    jobs.start("run-1", "plan");
    runHeld();
    tick(context, 0);
    assertThat(done).singleElement().satisfies(d -> assertThat(d.attempts()).isEqualTo(1));

    runs.set(0);
    done.clear();
    MockProcessorContext<String, Object> other = new MockProcessorContext<>();
    BackgroundJobs<String, String> exhausted =
        failing(
            other,
            done,
            99,
            new java.io.IOException("down"),
            new RetryPolicy(
                f -> f instanceof java.io.IOException, 2, java.time.Duration.ofSeconds(1)));
    exhausted.start("run-2", "plan");
    runHeld();
    tick(other, 0);
    tick(other, 1_000);
    runHeld();
    tick(other, 1_000);

    assertThat(done)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.failure()).hasMessage("down");
              assertThat(d.attempts()).isEqualTo(2);
            });
    assertThat(runs).hasValue(2);
  }

  @Test
  void shouldRunARepeatedJobOnceWhileItIsRunning() {
    BackgroundJobs<String, String> jobs = open();
    jobs.start("run-1", "plan");
    jobs.start("run-1", "plan"); // the same record again, e.g. a duplicate request
    runHeld();
    jobs.deliver();

    assertThat(runs).hasValue(1);
    assertThat(applied).containsExactly("run-1=PLAN");
  }

  @Test
  void shouldInterruptTheWorkOfATaskThatClosed() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<Boolean> interrupted =
        new java.util.concurrent.CompletableFuture<>();
    WorkPools threads = WorkPools.threads(1, 1);
    try {
      MockProcessorContext<String, Object> context = new MockProcessorContext<>();
      pending.init(context.getStateStoreContext(), pending);
      context.addStateStore(pending);
      BackgroundJobs<String, String> jobs =
          new BackgroundJobs<>(
              STORE,
              threads,
              WorkPools.Pool.RUNS,
              (key, job) ->
                  () -> {
                    started.countDown();
                    try {
                      Thread.sleep(60_000); // a restore that would write on for a minute
                      interrupted.complete(false);
                    } catch (InterruptedException e) {
                      interrupted.complete(true);
                    }
                    return job;
                  });
      jobs.init(context, done -> applied.add(done.key()));
      jobs.start("restore-1", "restore");
      assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      jobs.close(); // the task moved to another instance

      assertThat(interrupted.get(10, java.util.concurrent.TimeUnit.SECONDS))
          .as("the work was interrupted")
          .isTrue();
      assertThat(applied).isEmpty();
      assertThat(pending.get("restore-1"))
          .as("left pending for the new owner")
          .isEqualTo("restore");
    } finally {
      threads.close();
    }
  }

  @Test
  void shouldDropTheResultOfAJobThatWasSupersededWhileItRan() {
    BackgroundJobs<String, String> jobs = open();
    jobs.start("run-1", "first attempt");
    jobs.start("run-1", "second attempt");
    runHeld();
    jobs.deliver();

    assertThat(applied).containsExactly("run-1=SECOND ATTEMPT");
  }

  @Test
  void shouldApplyNothingOfATaskThatClosed() {
    BackgroundJobs<String, String> jobs = open();
    jobs.start("run-1", "plan");
    jobs.close();
    runHeld();
    jobs.deliver();

    assertThat(applied).isEmpty();
    assertThat(pending.get("run-1"))
        .as("still pending for the task's next owner")
        .isEqualTo("plan");
  }
}
