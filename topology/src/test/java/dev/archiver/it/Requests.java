package dev.archiver.it;

import dev.archiver.events.AdminAction;
import dev.archiver.events.AdminRequested;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.IntegrityScope;
import dev.archiver.events.RestoreRequested;
import dev.archiver.events.SourceSpec;
import dev.archiver.events.TargetSpec;
import java.time.Instant;

/** Valid requests of every type, for the integration tests. */
final class Requests {

  private Requests() {}

  static ArchiveRequested archive(String runId, String uri) {
    return ArchiveRequested.newBuilder()
        .setRunId(runId)
        .setSource(SourceSpec.newBuilder().setUri(uri).build())
        .setTarget(TargetSpec.newBuilder().build())
        .setRequestedBy("it")
        .setRequestedAt(Instant.now())
        .build();
  }

  static IntegrityCheckRequested integrity(String checkId) {
    return IntegrityCheckRequested.newBuilder()
        .setCheckId(checkId)
        .setScope(IntegrityScope.ALL)
        .setRequestedBy("it")
        .setRequestedAt(Instant.now())
        .build();
  }

  static RestoreRequested restore(String restoreId, String runId, String target) {
    return RestoreRequested.newBuilder()
        .setRestoreId(restoreId)
        .setRunId(runId)
        .setTarget(target)
        .setRequestedBy("it")
        .setRequestedAt(Instant.now())
        .build();
  }

  static AdminRequested admin(String requestId, String runId) {
    return AdminRequested.newBuilder()
        .setRequestId(requestId)
        .setAction(AdminAction.RETRY)
        .setRunId(runId)
        .setRequestedBy("it")
        .setRequestedAt(Instant.now())
        .build();
  }
}
