package dev.archiver.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Faults in the S3 traffic of every S3 client in this JVM, the archiver's included: the AWS SDK
 * loads this interceptor for every client it builds (it is named in {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors} on the test class path). It does
 * nothing until a test arms it.
 *
 * <p>{@link #failPart} lets the request reach the S3 server and turns its answer into a 503, so the
 * server holds the part, the SDK retries it as it would a real 503, and the store's own abort has
 * to clean up for real.
 */
public final class S3Faults implements ExecutionInterceptor {

  private static volatile PartFault armed;

  /** Made by the SDK, one per client. */
  public S3Faults() {}

  /**
   * Fails every attempt of part {@code partNumber} of the first multipart upload to a key
   * containing {@code keyPart}, and holds the next multipart upload to such a key until {@link
   * PartFault#release()}.
   */
  public static PartFault failPart(String keyPart, int partNumber) {
    PartFault fault = new PartFault(keyPart, partNumber);
    armed = fault;
    return fault;
  }

  public static void disarm() {
    PartFault fault = armed;
    armed = null;
    if (fault != null) {
      fault.release();
    }
  }

  /** One armed fault and what it saw. */
  public static final class PartFault {
    final String keyPart;
    final int partNumber;
    volatile String victimUploadId;

    /** Upload ids of the multipart uploads to matching keys, in order. */
    public final List<String> uploads = new CopyOnWriteArrayList<>();

    /** Upload ids completed, and aborted. */
    public final List<String> completed = new CopyOnWriteArrayList<>();

    public final List<String> aborted = new CopyOnWriteArrayList<>();

    /** Answers turned into 503. */
    public final AtomicInteger failedAttempts = new AtomicInteger();

    private final CountDownLatch victimAborted = new CountDownLatch(1);
    private final CountDownLatch nextUploadWaiting = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    PartFault(String keyPart, int partNumber) {
      this.keyPart = keyPart;
      this.partNumber = partNumber;
    }

    public String victimUploadId() {
      return victimUploadId;
    }

    /**
     * Waits until the failed upload was aborted and the next upload to the key (the retry) is being
     * held.
     */
    public boolean awaitRetryHeld(Duration timeout) throws InterruptedException {
      return victimAborted.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
          && nextUploadWaiting.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the held upload go on. */
    public void release() {
      released.countDown();
    }

    boolean matches(String key) {
      return key != null && key.contains(keyPart);
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    PartFault fault = armed;
    if (fault != null
        && context.request() instanceof CreateMultipartUploadRequest create
        && fault.matches(create.key())
        && fault.victimUploadId != null) {
      fault.nextUploadWaiting.countDown();
      try {
        if (!fault.released.await(2, TimeUnit.MINUTES)) {
          throw new IllegalStateException("the test never released the held upload");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    PartFault fault = armed;
    if (fault != null
        && context.request() instanceof UploadPartRequest part
        && part.partNumber() == fault.partNumber
        && part.uploadId().equals(fault.victimUploadId)) {
      fault.failedAttempts.incrementAndGet();
      return context.httpResponse().toBuilder()
          .statusCode(503)
          .statusText("Service Unavailable")
          .build();
    }
    return context.httpResponse();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    PartFault fault = armed;
    if (fault == null) {
      return;
    }
    SdkRequest request = context.request();
    if (request instanceof CreateMultipartUploadRequest create
        && fault.matches(create.key())
        && context.response() instanceof CreateMultipartUploadResponse created) {
      fault.uploads.add(created.uploadId());
      if (fault.victimUploadId == null) {
        fault.victimUploadId = created.uploadId();
      }
    } else if (request instanceof AbortMultipartUploadRequest abort && fault.matches(abort.key())) {
      fault.aborted.add(abort.uploadId());
      if (abort.uploadId().equals(fault.victimUploadId)) {
        fault.victimAborted.countDown();
      }
    } else if (request instanceof CompleteMultipartUploadRequest complete
        && fault.matches(complete.key())) {
      fault.completed.add(complete.uploadId());
    }
  }
}
