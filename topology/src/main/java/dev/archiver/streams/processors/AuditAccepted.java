package dev.archiver.streams.processors;

import dev.archiver.events.AuditEvent;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Records an accepted request in the audit trail. Requests without a planner yet end here. */
public final class AuditAccepted<T> implements Processor<Object, Object, Object, Object> {

  private final RequestKind<T> kind;
  private ProcessorContext<Object, Object> context;

  public AuditAccepted(RequestKind<T> kind) {
    this.kind = kind;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<Object, Object> record) {
    T request = kind.type().cast(record.value());
    String id = kind.id().apply(request);
    String actor = kind.actor().apply(request);
    long now = context.currentSystemTimeMs();
    RequestLog.accepted(kind, id, actor);
    AuditEvent audit = AuditEvents.of(kind.subject(), id, "accepted", actor, Map.of("topic", kind.topic().name()), now);
    context.forward(new Record<Object, Object>(id, audit, now), Sinks.AUDIT);
  }
}
