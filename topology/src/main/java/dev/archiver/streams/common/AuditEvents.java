package dev.archiver.streams.common;

import dev.archiver.events.AuditEvent;
import dev.archiver.events.AuditSubject;
import java.time.Instant;
import java.util.Map;

/** Builds audit-trail entries. */
public final class AuditEvents {

  private AuditEvents() {}

  public static AuditEvent of(AuditSubject subject, String id, String action, String actor, Map<String, String> details, long now) {
    return AuditEvent.newBuilder()
        .setSubjectType(subject)
        .setSubjectId(id)
        .setAction(action)
        .setActor(actor)
        .setDetails(Map.copyOf(details))
        .setAt(Instant.ofEpochMilli(now))
        .build();
  }
}
