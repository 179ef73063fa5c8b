package dev.archiver.streams.work;

/**
 * One job on a pool thread and the processor instance its result goes to. The owner changes when a task is closed
 * and opened again in this process while the job runs: the result then goes to the new instance.
 */
final class RunningJob<J, R> {

  final J job;
  private volatile BackgroundJobs<J, R> owner;

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
}
