package dev.archiver.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.options.CreateContainerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 server in this JVM (S3Proxy on its filesystem backend) for the embedded default stack: objects are files
 * under the data directory, one directory per bucket, so they outlive a restart. It listens on 127.0.0.1 only and
 * accepts any credentials (no authentication). It has no Glacier semantics: use the S3 tier's simulated thaw
 * with it.
 */
public final class EmbeddedS3 implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final S3Proxy proxy;
  private final BlobStore blobStore;
  private final String bucket;
  private final Path dataDir;

  private EmbeddedS3(S3Proxy proxy, BlobStore blobStore, String bucket, Path dataDir) {
    this.proxy = proxy;
    this.blobStore = blobStore;
    this.bucket = bucket;
    this.dataDir = dataDir;
  }

  /**
   * Starts the server and creates {@code bucket} unless it is there from an earlier run.
   *
   * @param dataDir where the buckets live (created if missing)
   * @param port TCP port on 127.0.0.1, or 0 for any free one (see {@link #port()})
   * @param bucket the bucket to create
   */
  public static EmbeddedS3 start(Path dataDir, int port, String bucket) throws IOException {
    Path base = Files.createDirectories(dataDir).toAbsolutePath();
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", base.toString());
    BlobStore blobStore = BlobStores.create("filesystem-nio2", properties);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.NONE, null, null)
            .build();
    EmbeddedS3 s3 = new EmbeddedS3(proxy, blobStore, bucket, base);
    try {
      proxy.start();
      s3.awaitStarted();
      if (!blobStore.containerExists(bucket)) {
        blobStore.createContainer(bucket, CreateContainerOptions.NONE);
      }
    } catch (Exception e) {
      s3.close();
      throw new IOException("cannot start the embedded S3 server on port " + port + ": " + e, e);
    }
    LOG.info(
        "event=embedded_s3_started endpoint={} bucket={} data_dir={}", s3.endpoint(), bucket, base);
    return s3;
  }

  /** The endpoint to give the S3 client (path-style addressing, any region, any credentials). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public int port() {
    return proxy.getPort();
  }

  public String bucket() {
    return bucket;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      LOG.warn("event=embedded_s3_stop_failed error={}", e.toString());
    }
    blobStore.close();
  }

  private void awaitStarted() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not started after " + START_TIMEOUT + ": " + proxy.getState());
      }
      Thread.sleep(10);
    }
  }
}
