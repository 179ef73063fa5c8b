package dev.archiver.connectors.tier.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.tier.ThawState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestoreHeaderTest {

    @Test
    void shouldReadNoHeaderAsFrozen() {
        assertThat(RestoreHeader.parse(null)).isEqualTo(ThawState.frozen());
        assertThat(RestoreHeader.parse("")).isEqualTo(ThawState.frozen());
    }

    @Test
    void shouldReadAnOngoingRequestAsThawingWithUnknownTimes() {
        assertThat(RestoreHeader.parse("ongoing-request=\"true\""))
                .isEqualTo(new ThawState.Thawing(Optional.empty(), Optional.empty()));
    }

    @Test
    void shouldReadAFinishedRequestAsReadyUntilItsExpiryDate() {
        ThawState state =
                RestoreHeader.parse(
                        "ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2012 00:00:00 GMT\"");

        assertThat(state)
                .isEqualTo(new ThawState.Ready(Optional.of(Instant.parse("2012-12-21T00:00:00Z"))));
        assertThat(state.readable()).isTrue();
    }

    @Test
    void shouldToleratePartsItDoesNotKnowAndOtherSpacing() {
        assertThat(
                        RestoreHeader.parse(
                                "ongoing-request = \"false\",expiry-date=\"Wed, 7 Oct 2026 00:00:00 GMT\", "
                                        + "restore-expiry-days=\"3\""))
                .isEqualTo(new ThawState.Ready(Optional.of(Instant.parse("2026-10-07T00:00:00Z"))));
    }

    @Test
    void shouldRefuseAHeaderNotInS3sForm() {
        assertThatThrownBy(() -> RestoreHeader.parse("restored"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                RestoreHeader.parse(
                                        "ongoing-request=\"false\", expiry-date=\"yesterday\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expiry-date");
    }
}
