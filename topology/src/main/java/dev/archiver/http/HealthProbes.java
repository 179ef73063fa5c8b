package dev.archiver.http;

import dev.archiver.http.HealthPart.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.KafkaStreams;

/** The parts /health reports, each probed with a short timeout so the endpoint answers quickly. */
public final class HealthProbes {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HealthProbes() {}

  public static HealthPart broker(Admin admin, String bootstrapServers) {
    return new HealthPart(
        "broker",
        bootstrapServers,
        () -> {
          try {
            int brokers =
                admin
                    .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                    .nodes()
                    .get(4, TimeUnit.SECONDS)
                    .size();
            return brokers > 0 ? Status.up(brokers + " broker(s)") : Status.down("no brokers");
          } catch (Exception e) {
            return Status.down("unreachable: " + e.getClass().getSimpleName());
          }
        });
  }

  /**
   * Anonymous on purpose: Apicurio answers /system/info without authentication, so the probe needs
   * none of the registry.client.* credentials and shows whether the registry is there even when
   * they are wrong.
   */
  public static HealthPart registry(String registryUrl) {
    return new HealthPart(
        "registry",
        dev.archiver.config.Secrets.redactUrl(registryUrl),
        () -> {
          try {
            HttpRequest request =
                HttpRequest.newBuilder(URI.create(registryUrl + "/system/info"))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? Status.up("answering") : Status.down("HTTP " + status);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.down("interrupted");
          } catch (Exception e) {
            return Status.down("unreachable: " + e.getClass().getSimpleName());
          }
        });
  }

  public static HealthPart tier(String name, Path directory) {
    return new HealthPart(
        "tier." + name,
        directory.toUri().toString(),
        () ->
            Files.isDirectory(directory) && Files.isWritable(directory)
                ? Status.up("writable")
                : Status.down("not a writable directory"));
  }

  /** An object store answers a lookup (of a key that need not exist) without an error. */
  public static HealthPart objectStore(
      String name, String location, dev.archiver.connectors.tier.TierStore store) {
    return new HealthPart(
        "tier." + name,
        location,
        () -> {
          try {
            store.exists("archiver-health-probe");
            return Status.up("reachable");
          } catch (java.io.IOException | RuntimeException e) {
            return Status.down("unreachable: " + e.getClass().getSimpleName());
          }
        });
  }

  /**
   * The outage spool: up while it has room, down when full (chunks then wait outside it and new
   * runs stall until the object store answers).
   */
  public static HealthPart spool(Path directory, dev.archiver.connectors.spool.ChunkSpool spool) {
    return new HealthPart(
        "spool",
        directory.toUri().toString(),
        () -> {
          if (!spool.enabled()) {
            return Status.up("off (tier.spool.max-bytes=0)");
          }
          long used = spool.usedBytes();
          String state =
              spool.chunks()
                  + " chunk(s), "
                  + used
                  + " of "
                  + spool.maxBytes()
                  + " bytes, waiting for the object store";
          return spool.chunks() == 0
              ? Status.up("empty")
              : used >= spool.maxBytes() * 95 / 100
                  ? Status.down("full: " + state)
                  : Status.up(state);
        });
  }

  public static HealthPart streams(
      java.util.function.Supplier<KafkaStreams> streams, String applicationId) {
    return new HealthPart(
        "streams",
        "application.id=" + applicationId,
        () -> {
          KafkaStreams running = streams.get();
          if (running == null) {
            return Status.down("not started");
          }
          KafkaStreams.State state = running.state();
          boolean up =
              state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
          return new Status(up, state.name());
        });
  }
}
