package dev.archiver.streams.intake;

import dev.archiver.streams.common.Sinks;
import dev.archiver.streams.common.Wiring;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Source, decode and validate for each request topic. Accepted requests are re-keyed by their own
 * id through a repartition topic, partitioned by the archiver's rule, so a request meets its state
 * and its chunk results whatever partition (or key) its producer chose. Admin requests are audited,
 * then handed to the node that acts on them.
 */
public final class IntakeFlow {

  private IntakeFlow() {}

  /**
   * Adds the intake of every request kind; returns the kinds, whose {@link
   * RequestKind#sourceOfAccepted()} nodes the other flows start from.
   */
  public static RequestKinds wire(Wiring w, String adminActions) {
    RequestKinds kinds = new RequestKinds(w.config, w.topics, w.tiers.configured());
    for (RequestKind<?> kind :
        List.of(kinds.archive, kinds.integrity, kinds.restore, kinds.admin)) {
      addIntake(w, kind);
    }
    w.topology.addProcessor(
        kinds.admin.acceptNode(),
        () -> new AuditAccepted<>(kinds.admin, adminActions),
        kinds.admin.sourceOfAccepted());
    w.feeds(kinds.admin.acceptNode(), Sinks.AUDIT);
    return kinds;
  }

  private static <T> void addIntake(Wiring w, RequestKind<T> kind) {
    // Read as bytes, so nothing is lost to a bad serde: whatever does not decode is dead-lettered
    // as it came.
    w.topology.addSource(
        kind.sourceNode(),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        kind.topic().name());
    w.topology.addProcessor(
        kind.decodeNode(), () -> new DecodeRequest<>(kind, w.metrics), kind.sourceNode());
    w.topology.addStateStore(
        Wiring.jsonStore(kind.awaitingRegistryStore(), ParkedRequest.class), kind.decodeNode());
    w.topology.addProcessor(
        kind.validateNode(), () -> new ValidateRequest<>(kind, w.metrics), kind.decodeNode());
    w.feeds(kind.decodeNode(), Sinks.DLQ);
    w.feeds(kind.validateNode(), Sinks.DLQ);
    kind.failure()
        .ifPresent(
            route -> {
              w.feeds(kind.decodeNode(), route.sink());
              w.feeds(kind.validateNode(), route.sink());
            });
    kind.repartition()
        .ifPresent(
            by -> {
              // The default partitioner on the request's own id as key: the rule chunk results are
              // produced with.
              w.topology.addSink(
                  kind.repartitionSinkNode(),
                  by.name(),
                  new StringSerializer(),
                  by.valueSerde().serializer(),
                  kind.validateNode());
              w.topology.addSource(
                  kind.repartitionSourceNode(),
                  new StringDeserializer(),
                  by.valueSerde().deserializer(),
                  by.name());
            });
  }
}
