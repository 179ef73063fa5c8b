package dev.archiver.streams.validation;

import java.util.Optional;

/** The checks a decoded request must pass before any work is planned for it. */
@FunctionalInterface
public interface RequestRules<T> {

  Optional<Rejection> check(T request);
}
