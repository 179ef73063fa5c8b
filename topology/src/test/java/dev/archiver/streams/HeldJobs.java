package dev.archiver.streams;

import dev.archiver.streams.work.WorkPools;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Background jobs held back until the test lets them run: a run stays in flight as long as the test
 * wants.
 */
final class HeldJobs implements Executor {

  private final Queue<Runnable> held = new ArrayDeque<>();

  WorkPools pools() {
    return WorkPools.using(this, this);
  }

  @Override
  public synchronized void execute(Runnable job) {
    held.add(job);
  }

  synchronized int held() {
    return held.size();
  }

  /** Runs the oldest held job and delivers its result. */
  void runOne(TopologyTestDriver driver) {
    Runnable next;
    synchronized (this) {
      next = held.poll();
    }
    if (next != null) {
      next.run();
      driver.advanceWallClockTime(java.time.Duration.ofMillis(100));
    }
  }

  /** Runs every held job, delivers the results, and repeats until no new job is started. */
  void runAll(TopologyTestDriver driver) {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = held.poll();
      }
      if (next == null) {
        return;
      }
      next.run();
      driver.advanceWallClockTime(
          java.time.Duration.ofMillis(100)); // the punctuator delivers finished jobs
    }
  }
}
