package dev.archiver.streams.validation;

import dev.archiver.events.ReasonCode;

/** Why an input was not accepted: a stable code and a message a human can act on. */
public record Rejection(ReasonCode reason, String message) {

  public static Rejection of(ReasonCode reason, String message) {
    return new Rejection(reason, message);
  }
}
