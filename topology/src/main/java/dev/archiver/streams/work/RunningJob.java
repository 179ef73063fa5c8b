package dev.archiver.streams.work;

import java.util.concurrent.Future;

/**
 * One job on a pool thread and the processor instance its result goes to (the owner changes when
 * the same job is asked for again while it runs), with the means to cancel it when its task closes.
 */
final class RunningJob<J, R> {

  final J job;
  private volatile BackgroundJobs<J, R> owner;
  private volatile Future<?> future;

  RunningJob(J job, BackgroundJobs<J, R> owner) {
    this.job = job;
    this.owner = owner;
  }

  void adoptedBy(BackgroundJobs<J, R> newOwner) {
    owner = newOwner;
  }

  BackgroundJobs<J, R> owner() {
    return owner;
  }

  void runsAs(Future<?> running) {
    future = running;
  }

  /**
   * Interrupts the work: its I/O stops, a restore rolls back what it wrote; the next owner of the
   * task runs it again.
   */
  void cancel() {
    Future<?> running = future;
    if (running != null) {
      running.cancel(true);
    }
  }
}
