package dev.archiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Draws a restore's progress from the archiver's REST API while the CLI waits for its outcome
 * event. Restores do not publish progress events (a restore commits once, at its end), so the bar
 * reads the live view instead; when the API cannot be reached the bar stays silent and the outcome
 * is still reported.
 */
final class RestoreProgressPoller {

  private static final long EVERY_MS = 300;

  /** Statuses whose queue entry carries the restore's final file and byte counts. */
  private static final java.util.Set<String> FINAL_COUNTS =
      java.util.Set.of("AVAILABLE", "EXPIRING", "EXPIRED");

  private RestoreProgressPoller() {}

  static Thread start(ArchiverApi api, String restoreId, ProgressBar bar) {
    Thread thread =
        new Thread(
            () -> {
              ObjectMapper json = new ObjectMapper();
              String path = "/api/restores/" + URLEncoder.encode(restoreId, StandardCharsets.UTF_8);
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  var response = api.get(path);
                  if (response.statusCode() == 200) {
                    JsonNode view = json.readTree(response.body());
                    JsonNode restore = view.path("restore");
                    JsonNode progress = view.path("progress");
                    String status = restore.path("status").asText();
                    if (progress.isMissingNode()) {
                      if (!FINAL_COUNTS.contains(status)) {
                        // between the restore's end and its outcome being recorded: no counts yet
                        Thread.sleep(EVERY_MS);
                        continue;
                      }
                      // not running any more: the queue entry has the final counts
                      long files = restore.path("files").asLong();
                      long bytes = restore.path("bytes").asLong();
                      bar.update(status, files, files, bytes, bytes);
                    } else {
                      bar.update(
                          status,
                          progress.path("filesDone").asLong(),
                          progress.path("filesTotal").asLong(),
                          progress.path("bytesDone").asLong(),
                          progress.path("bytesTotal").asLong());
                    }
                  }
                  Thread.sleep(EVERY_MS); // polling an HTTP view: there is nothing to wait on
                }
              } catch (InterruptedException done) {
                Thread.currentThread().interrupt();
              } catch (IOException | RuntimeException unreachable) {
                // no API here (or another host): the outcome event still tells the result
              }
            },
            "restore-progress");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
