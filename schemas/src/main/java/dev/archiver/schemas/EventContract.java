package dev.archiver.schemas;

import dev.archiver.events.AdminRequested;
import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.ArchiveFailed;
import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.AuditEvent;
import dev.archiver.events.ChunkResult;
import dev.archiver.events.ChunkTask;
import dev.archiver.events.IntegrityCheckCompleted;
import dev.archiver.events.IntegrityCheckRequested;
import dev.archiver.events.RestoreCompleted;
import dev.archiver.events.RestoreFailed;
import dev.archiver.events.RestoreRequested;
import dev.archiver.events.RunProgress;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;

/** The top-level events of the public contract, and the rule by which they may evolve. */
public final class EventContract {

  private EventContract() {}

  /** Every event that travels on a topic, by its full schema (shared types inlined). */
  public static List<Schema> events() {
    return List.of(
        ArchiveRequested.getClassSchema(),
        IntegrityCheckRequested.getClassSchema(),
        RestoreRequested.getClassSchema(),
        AdminRequested.getClassSchema(),
        ArchiveCompleted.getClassSchema(),
        ArchiveFailed.getClassSchema(),
        IntegrityCheckCompleted.getClassSchema(),
        RestoreCompleted.getClassSchema(),
        RestoreFailed.getClassSchema(),
        RunProgress.getClassSchema(),
        AuditEvent.getClassSchema(),
        ChunkTask.getClassSchema(),
        ChunkResult.getClassSchema());
  }

  /**
   * BACKWARD compatibility as the schema registry defines it: consumers on the new schema must read
   * every record written with the old one. Returns one readable line per problem; empty when
   * compatible.
   */
  public static List<String> backwardIncompatibilities(Schema current, Schema previous) {
    SchemaCompatibilityResult result =
        SchemaCompatibility.checkReaderWriterCompatibility(current, previous).getResult();
    List<String> problems = new ArrayList<>();
    for (Incompatibility incompatibility : result.getIncompatibilities()) {
      problems.add(
          current.getName()
              + " "
              + incompatibility.getLocation()
              + ": "
              + incompatibility.getType()
              + " ("
              + incompatibility.getMessage()
              + ")");
    }
    return problems;
  }
}
