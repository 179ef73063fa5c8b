package dev.archiver.streams.common;

import dev.archiver.events.AuditEvent;
import dev.archiver.events.AuditSubject;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds audit-trail entries. */
public final class AuditEvents {

  private AuditEvents() {}

  public static AuditEvent of(
      AuditSubject subject,
      String id,
      String action,
      String actor,
      Map<String, String> details,
      long now) {
    return AuditEvent.newBuilder()
        .setSubjectType(subject)
        .setSubjectId(id)
        .setAction(action)
        .setActor(actor)
        .setDetails(
            details.entrySet().stream()
                .collect(
                    Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, e -> Messages.cap(e.getValue()))))
        .setAt(Instant.ofEpochMilli(now))
        .build();
  }
}
