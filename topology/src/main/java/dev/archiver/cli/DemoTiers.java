package dev.archiver.cli;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.events.AdminAction;
import dev.archiver.events.AdminRequested;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.AuditEvent;
import dev.archiver.events.RestoreCompleted;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.events.RestoreTier;
import dev.archiver.events.SourceSpec;
import dev.archiver.events.StorageTier;
import dev.archiver.events.TargetSpec;
import dev.archiver.streams.topics.TopicNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The demo's tour of the storage tiers, on the embedded S3 server: archives in S3 STANDARD, one
 * moved to GLACIER and restored through a (simulated) thaw, and a purge that spares a held archive.
 */
final class DemoTiers {

  /** A retention class so short that the demo's purge finds its archives expired. */
  static final String SHORT_LIVED = "demo-short-lived";

  private static final Duration WAIT = Duration.ofMinutes(5);

  private DemoTiers() {}

  static void show(PrintWriter out, ClientEndpoints endpoints, Path sourceRoot, Path restoreRoot)
      throws Exception {
    out.println();
    out.println("Storage tiers (S3 on the embedded S3 server):");
    out.flush();
    List<Path> runs = SampleRuns.generate(sourceRoot.resolve("tiers"), 3, 1);
    String cold = "tiers/" + runs.get(0).getFileName();
    String held = "tiers/" + runs.get(1).getFileName();
    String expiring = "tiers/" + runs.get(2).getFileName();
    Map<String, String> requestIds = new LinkedHashMap<>();
    try (RunFollower follower = new RunFollower(endpoints)) {
      try (RequestPublisher publisher = new RequestPublisher(endpoints)) {
        publish(
            publisher,
            requestIds,
            request(cold, runs.get(0), StorageTier.S3_STANDARD, null, false));
        publish(
            publisher,
            requestIds,
            request(held, runs.get(1), StorageTier.S3_STANDARD, SHORT_LIVED, true));
        publish(
            publisher,
            requestIds,
            request(expiring, runs.get(2), StorageTier.FILESYSTEM, SHORT_LIVED, false));
      }
      out.println(
          "  "
              + cold
              + " -> S3 STANDARD; "
              + held
              + " -> S3 STANDARD, short-lived, under legal hold; "
              + expiring
              + " -> hot, short-lived");
      out.flush();
      follower.follow(
          requestIds,
          Deadline.after(WAIT),
          progress -> {},
          outcome -> Outcomes.print(out, outcome));
    }

    out.println("  move " + cold + " to GLACIER (copy, check, switch, delete the old copy):");
    out.flush();
    admin(
        out,
        endpoints,
        AdminAction.ROTATE_TIERS,
        cold,
        Map.of("tier", "glacier"),
        a ->
            a.getAction().equals("moved")
                || a.getAction().startsWith("move-f")
                || a.getAction().equals("move-skipped"));

    restoreThroughThaw(out, endpoints, cold, restoreRoot.resolve("demo-thawed"));

    out.println("  purge expired archives (" + held + " is held):");
    out.flush();
    int[] expected = {-1};
    int[] decided = {0};
    admin(
        out,
        endpoints,
        AdminAction.PURGE_EXPIRED,
        null,
        Map.of(),
        a -> {
          if (a.getAction().equals("purge-planned")) {
            expected[0] = Integer.parseInt(a.getDetails().getOrDefault("expired", "0"));
          } else if (a.getAction().startsWith("purge-")) {
            decided[0]++;
          }
          return expected[0] >= 0 && decided[0] >= expected[0];
        });
  }

  private static void restoreThroughThaw(
      PrintWriter out, ClientEndpoints endpoints, String runId, Path target) throws Exception {
    String restoreId = "demo-thaw-" + UUID.randomUUID().toString().substring(0, 8);
    out.println(
        "  restore " + runId + " from GLACIER (BULK thaw, simulated here) to " + target + ":");
    out.flush();
    try (EventTail tail =
        new EventTail(
            endpoints,
            List.of(TopicNames.AUDIT, TopicNames.RESTORE_COMPLETED, TopicNames.RESTORE_FAILED))) {
      try (RequestPublisher publisher = new RequestPublisher(endpoints)) {
        publisher.publish(
            publisher.topics().restoreRequests,
            restoreId,
            RestoreRequested.newBuilder()
                .setRestoreId(restoreId)
                .setRunId(runId)
                .setTarget("file:" + target)
                .setRestoreTier(RestoreTier.BULK)
                .setTtlSeconds(3600L)
                .setRequestedBy("demo")
                .setRequestedAt(Instant.now())
                .build());
      }
      tail.followValues(
          Deadline.after(WAIT),
          value -> {
            if (value instanceof AuditEvent a
                && a.getSubjectId().equals(restoreId)
                && a.getAction().equals("thawing")) {
              out.println("    THAWING: " + a.getDetails().get("detail"));
            } else if (value instanceof RestoreCompleted c && c.getRestoreId().equals(restoreId)) {
              out.printf(
                  "    restored %d files, %s%n", c.getRecords(), ProgressBar.bytes(c.getBytes()));
              return true;
            } else if (value instanceof RestoreFailed f && f.getRestoreId().equals(restoreId)) {
              out.printf("    restore failed: %s: %s%n", f.getReason(), f.getMessage());
              return true;
            }
            out.flush();
            return false;
          });
      out.flush();
    }
  }

  private static void admin(
      PrintWriter out,
      ClientEndpoints endpoints,
      AdminAction action,
      String runId,
      Map<String, String> parameters,
      java.util.function.Predicate<AuditEvent> answered) {
    String requestId = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    AdminRequests.send(
        endpoints,
        AdminRequested.newBuilder()
            .setRequestId(requestId)
            .setAction(action)
            .setRunId(runId)
            .setParameters(parameters)
            .setRequestedBy("demo")
            .setRequestedAt(Instant.now())
            .build(),
        requestId,
        Deadline.after(WAIT),
        out,
        answered);
  }

  private static void publish(
      RequestPublisher publisher, Map<String, String> requestIds, ArchiveRequested request)
      throws InterruptedException {
    requestIds.put(request.getRunId(), request.getRequestId());
    publisher.publish(publisher.topics().archiveRequests, request.getRunId(), request);
  }

  private static ArchiveRequested request(
      String runId, Path source, StorageTier tier, String retentionClass, boolean hold) {
    return ArchiveRequested.newBuilder()
        .setRunId(runId)
        .setSource(SourceSpec.newBuilder().setUri("file:" + source).build())
        .setTarget(TargetSpec.newBuilder().setTier(tier).build())
        .setRetentionClass(retentionClass)
        .setLegalHold(hold)
        .setRequestedBy("demo")
        .setRequestedAt(Instant.now())
        .setRequestId(UUID.randomUUID().toString())
        .build();
  }

  static String archiveOf(String runId) {
    return ArchiveKeys.archiveId(runId);
  }
}
