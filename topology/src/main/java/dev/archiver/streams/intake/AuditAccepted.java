package dev.archiver.streams.intake;

import dev.archiver.events.AuditEvent;
import dev.archiver.streams.common.AuditEvents;
import dev.archiver.streams.common.Sinks;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** Records an accepted request in the audit trail, then hands it to the node that acts on it. */
public final class AuditAccepted<T> extends ContextualProcessor<String, T, String, Object> {

  private final RequestKind<T> kind;
  private final String next;

  public AuditAccepted(RequestKind<T> kind, String next) {
    this.kind = kind;
    this.next = next;
  }

  @Override
  public void process(Record<String, T> record) {
    T request = record.value();
    String id = kind.id().apply(request);
    String actor = kind.actor().apply(request);
    long now = context().currentSystemTimeMs();
    RequestLog.accepted(kind, id, actor);
    AuditEvent audit =
        AuditEvents.of(
            kind.subject(), id, "accepted", actor, Map.of("topic", kind.topic().name()), now);
    context().forward(new Record<>(id, audit, now), Sinks.AUDIT);
    context().forward(record, next);
  }
}
