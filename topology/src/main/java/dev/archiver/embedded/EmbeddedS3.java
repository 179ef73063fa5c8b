package dev.archiver.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;

/**
 * An S3 API on loopback for the embedded default (S3Proxy in this JVM, objects as files under a
 * directory), so the S3 tiers run the real S3 client code with nothing installed. It has no Glacier
 * of its own: the archiver simulates thaws against it. It takes any credentials, which is why it
 * only ever listens on 127.0.0.1.
 */
public final class EmbeddedS3 implements AutoCloseable {

  /** The bucket the S3 tiers use on it. */
  public static final String BUCKET = "archiver";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final S3Proxy proxy;

  private EmbeddedS3(S3Proxy proxy) {
    this.proxy = proxy;
  }

  /** Starts the server on {@code port} (0: a free one), keeping objects under {@code dir}. */
  public static EmbeddedS3 start(Path dir, int port) throws IOException {
    return start(dir, port, BUCKET);
  }

  /** As {@link #start(Path, int)}, with {@code bucket} made if it is not there. */
  public static EmbeddedS3 start(Path dir, int port, String bucket) throws IOException {
    java.nio.file.Files.createDirectories(dir);
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toString());
    // The filesystem store's buckets are the directories under its base.
    java.nio.file.Files.createDirectories(dir.resolve(bucket));
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem-nio2", properties))
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.NONE, null, null)
            .build();
    EmbeddedS3 s3 = new EmbeddedS3(proxy);
    try {
      proxy.start();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline || "FAILED".equals(proxy.getState())) {
          throw new IOException("the embedded S3 server did not start: " + proxy.getState());
        }
        Thread.sleep(10);
      }
      return s3;
    } catch (Exception e) {
      s3.close();
      throw e instanceof IOException io
          ? io
          : new IOException("the embedded S3 server did not start", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // Stopping is best effort at shutdown: the objects are on disk already.
    }
  }
}
