package dev.archiver.cli;

import dev.archiver.events.AdminRequested;
import dev.archiver.events.AuditEvent;
import dev.archiver.streams.topics.TopicNames;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Publishes an admin request and, when asked, follows the audit trail for the answers to it: admin
 * requests are answered there, each entry naming the request in {@code details.requestId}.
 */
final class AdminRequests {

  /** How long to wait for the answers when no --timeout is given. */
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  /**
   * What became of a request: answered (as the caller's predicate says), refused, or no answer in
   * time.
   */
  enum Outcome {
    ANSWERED,
    REJECTED,
    NO_ANSWER
  }

  /** The audit action of an admin request refused at validation. */
  static final String REJECTED = "rejected";

  private AdminRequests() {}

  /**
   * Publishes {@code request}; with {@code answered} non-null, prints each audit entry about it
   * until {@code answered} says the last one came or the request is refused at validation (the
   * audit entry {@code rejected}, with its reason).
   */
  static Outcome send(
      ClientEndpoints endpoints,
      AdminRequested request,
      String key,
      Deadline deadline,
      PrintWriter out,
      Predicate<AuditEvent> answered) {
    String requestId = request.getRequestId();
    try (EventTail tail =
        answered == null ? null : new EventTail(endpoints, List.of(TopicNames.AUDIT))) {
      try (RequestPublisher publisher = new RequestPublisher(endpoints)) {
        publisher.publish(publisher.topics().adminRequests, key, request);
      }
      out.println("  requested " + request.getAction() + " " + requestId);
      out.flush();
      if (tail == null) {
        return Outcome.ANSWERED;
      }
      boolean[] rejected = {false};
      boolean ended =
          tail.followValues(
              deadline,
              value -> {
                if (value instanceof AuditEvent audit
                    && requestId.equals(audit.getDetails().get("requestId"))) {
                  out.println(
                      "  " + audit.getAction() + " " + audit.getSubjectId() + " " + details(audit));
                  out.flush();
                  rejected[0] = audit.getAction().equals(REJECTED);
                  return rejected[0] || answered.test(audit);
                }
                return false;
              });
      return !ended ? Outcome.NO_ANSWER : rejected[0] ? Outcome.REJECTED : Outcome.ANSWERED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.NO_ANSWER;
    }
  }

  private static String details(AuditEvent audit) {
    StringBuilder line = new StringBuilder();
    audit.getDetails().entrySet().stream()
        .filter(e -> !e.getKey().equals("requestId"))
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> line.append(e.getKey()).append('=').append(e.getValue()).append(' '));
    return line.toString().trim();
  }
}
