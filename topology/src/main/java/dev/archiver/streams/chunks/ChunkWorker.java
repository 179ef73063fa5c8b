package dev.archiver.streams.chunks;

import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.work.BackgroundJobs;
import dev.archiver.streams.work.Finished;
import dev.archiver.streams.work.NotReadyYet;
import dev.archiver.streams.work.WorkPools;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Does one chunk task on a chunk-pool thread, outside Kafka's transaction, and sends its result to
 * the chunk results topic, keyed by whoever counts it. What the work is (write, verify) is the
 * subclass's.
 */
public abstract class ChunkWorker extends ContextualProcessor<String, ChunkTask, String, Object> {

  private final BackgroundJobs<ChunkTask, ChunkResult> jobs;

  /**
   * @param pendingStore where tasks wait until their result is sent, so a crash in between runs
   *     them again
   */
  protected ChunkWorker(String pendingStore, WorkPools pools) {
    this.jobs =
        new BackgroundJobs<>(
            pendingStore, pools, WorkPools.Pool.CHUNKS, (key, task) -> () -> work(task));
  }

  /** The pending-store key of a task: one per chunk of its run or check. */
  protected abstract String jobKey(ChunkTask task);

  /**
   * Runs on a pool thread; failures it can name are results too.
   *
   * @throws NotReadyYet to keep the task pending and run it again later (its tier is unreachable)
   */
  protected abstract ChunkResult work(ChunkTask task) throws NotReadyYet;

  /** The result of a task whose work threw what it could not name. */
  protected abstract ChunkResult failed(ChunkTask task, Throwable failure);

  /** The key of the result: the id of the run or check that counts it. */
  protected abstract String resultKey(ChunkTask task);

  @Override
  public final void init(ProcessorContext<String, Object> context) {
    super.init(context);
    jobs.init(context, this::report);
  }

  @Override
  public final void process(Record<String, ChunkTask> record) {
    jobs.start(jobKey(record.value()), record.value());
    jobs.deliver();
  }

  @Override
  public final void close() {
    jobs.close();
  }

  private void report(Finished<ChunkTask, ChunkResult> done) {
    ChunkResult result = done.failed() ? failed(done.job(), done.failure()) : done.result();
    context()
        .forward(
            new Record<>(resultKey(done.job()), result, context().currentSystemTimeMs()),
            Sinks.CHUNK_RESULTS);
  }
}
