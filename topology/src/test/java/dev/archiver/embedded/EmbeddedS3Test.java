package dev.archiver.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedS3Test {

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void shouldServeItsBucketOnLoopbackAndKeepObjectsAcrossRestarts() throws Exception {
    try (EmbeddedS3 s3 = EmbeddedS3.start(dir, 0)) {
      assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
      HttpResponse<String> put =
          http.send(
              HttpRequest.newBuilder(object(s3, "hello.txt"))
                  .PUT(HttpRequest.BodyPublishers.ofString("hello"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    try (EmbeddedS3 again = EmbeddedS3.start(dir, 0)) {
      HttpResponse<String> get =
          http.send(
              HttpRequest.newBuilder(object(again, "hello.txt")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("hello");
    }
  }

  private static URI object(EmbeddedS3 s3, String key) {
    return s3.endpoint().resolve("/" + EmbeddedS3.BUCKET + "/" + key);
  }
}
