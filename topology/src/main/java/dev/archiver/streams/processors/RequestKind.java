package dev.archiver.streams.processors;

import dev.archiver.events.AuditSubject;
import dev.archiver.streams.serde.EventTopic;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the generic request processors need to know about one request topic.
 *
 * @param name short name used in processor names, e.g. "archive-requests"
 * @param topic the topic and its serdes
 * @param type the event class the topic carries
 * @param id the request's own id (run id, restore id, check id)
 * @param actor who asked
 * @param subject the audit subject type
 * @param rules the checks it must pass
 * @param failure the failure event for a refused request and its sink, when producers wait for one
 */
public record RequestKind<T>(
    String name,
    EventTopic<T> topic,
    Class<T> type,
    Function<T, String> id,
    Function<T, String> actor,
    AuditSubject subject,
    RequestRules<T> rules,
    Optional<FailureNotice.Route> failure) {

  public String sourceNode() {
    return name + "-source";
  }

  public String decodeNode() {
    return name + "-decode";
  }

  public String validateNode() {
    return name + "-validate";
  }

  public String acceptNode() {
    return name + "-accept";
  }
}
