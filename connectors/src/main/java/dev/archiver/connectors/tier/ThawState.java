package dev.archiver.connectors.tier;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Whether a stored object can be read now and, if it is cold, where its thaw is. */
public sealed interface ThawState {

    enum Kind {
        /** Not in a cold class: readable at once. */
        NOT_COLD,
        /** Cold and no readable copy, no thaw under way. */
        FROZEN,
        /** A thaw was requested and is not done yet. */
        THAWING,
        /** A thawed copy is readable until {@link Ready#until()}. */
        READY
    }

    Kind kind();

    /** True when a read of the object would succeed now. */
    default boolean readable() {
        return kind() == Kind.NOT_COLD || kind() == Kind.READY;
    }

    static ThawState notCold() {
        return NotCold.INSTANCE;
    }

    static ThawState frozen() {
        return Frozen.INSTANCE;
    }

    record NotCold() implements ThawState {
        private static final NotCold INSTANCE = new NotCold();

        @Override
        public Kind kind() {
            return Kind.NOT_COLD;
        }

        @Override
        public String toString() {
            return "NOT_COLD";
        }
    }

    record Frozen() implements ThawState {
        private static final Frozen INSTANCE = new Frozen();

        @Override
        public Kind kind() {
            return Kind.FROZEN;
        }

        @Override
        public String toString() {
            return "FROZEN";
        }
    }

    /**
     * A thaw under way. S3 does not tell when a restore was started nor when it will end, so both
     * are known only where the store keeps them itself (the simulated thaw does).
     */
    record Thawing(Optional<Instant> startedAt, Optional<Instant> expectedReadyAt)
            implements ThawState {
        public Thawing {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(expectedReadyAt, "expectedReadyAt");
        }

        @Override
        public Kind kind() {
            return Kind.THAWING;
        }

        @Override
        public String toString() {
            return "THAWING(startedAt="
                    + startedAt.map(Instant::toString).orElse("?")
                    + ", expectedReadyAt="
                    + expectedReadyAt.map(Instant::toString).orElse("?")
                    + ")";
        }
    }

    /**
     * A thawed copy is readable until {@code until} (when the store knows it), then the object is
     * frozen again.
     */
    record Ready(Optional<Instant> until) implements ThawState {
        public Ready {
            Objects.requireNonNull(until, "until");
        }

        @Override
        public Kind kind() {
            return Kind.READY;
        }

        @Override
        public String toString() {
            return "READY(until=" + until.map(Instant::toString).orElse("?") + ")";
        }
    }
}
