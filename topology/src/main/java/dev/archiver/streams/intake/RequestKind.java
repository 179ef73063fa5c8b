package dev.archiver.streams.intake;

import dev.archiver.events.AuditSubject;
import dev.archiver.streams.serde.EventTopic;
import dev.archiver.streams.validation.RequestRules;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the generic request processors need to know about one request topic.
 *
 * @param name short name used in processor names, e.g. "archive-requests"
 * @param topic the topic and its serdes
 * @param type the event class the topic carries
 * @param id the request's own id (run id, restore id, check id)
 * @param correlationId what the producer waits on in the answer (ArchiveRequested.requestId; the id
 *     itself elsewhere)
 * @param actor who asked
 * @param subject the audit subject type
 * @param rules the checks it must pass
 * @param failure the failure event for a refused request and its sink, when producers wait for one
 * @param repartition the topic accepted requests are re-keyed through, so they meet their state
 *     whatever partition the producer chose; empty for requests that need no state
 */
public record RequestKind<T>(
    String name,
    EventTopic<T> topic,
    Class<T> type,
    Function<T, String> id,
    Function<T, String> correlationId,
    Function<T, String> actor,
    AuditSubject subject,
    RequestRules<T> rules,
    Optional<FailureNotice.Route> failure,
    Optional<EventTopic<T>> repartition) {

  public String sourceNode() {
    return name + "-source";
  }

  /** Requests waiting for the schema registry to come back before they can be decoded. */
  public String awaitingRegistryStore() {
    return name + "-awaiting-registry";
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

  /**
   * Where an accepted request goes next: the repartition sink, or straight to the accepting
   * processor.
   */
  public String nextNode() {
    return repartition.isPresent() ? repartitionSinkNode() : acceptNode();
  }

  /** The node accepted requests come from: the repartition source, or the validator itself. */
  public String sourceOfAccepted() {
    return repartition.isPresent() ? repartitionSourceNode() : validateNode();
  }

  public String repartitionSinkNode() {
    return name + "-repartition-sink";
  }

  public String repartitionSourceNode() {
    return name + "-repartition-source";
  }
}
