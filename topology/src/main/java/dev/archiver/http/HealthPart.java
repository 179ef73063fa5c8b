package dev.archiver.http;

import java.util.function.Supplier;

/**
 * One part the archiver needs (broker, registry, tier, streams), where it is, and how to tell it
 * works.
 *
 * @param name short name shown in /health
 * @param address where the part is: bootstrap servers, URL, directory
 * @param probe answers the part's state, or throws when it cannot be reached
 */
public record HealthPart(String name, String address, Supplier<Status> probe) {

  /** A part's state: up or not, and a word on why. */
  public record Status(boolean up, String state) {
    public static Status up(String state) {
      return new Status(true, state);
    }

    public static Status down(String state) {
      return new Status(false, state);
    }
  }

  Status check() {
    try {
      return probe.get();
    } catch (RuntimeException e) {
      return Status.down("unreachable: " + e.getMessage());
    }
  }
}
