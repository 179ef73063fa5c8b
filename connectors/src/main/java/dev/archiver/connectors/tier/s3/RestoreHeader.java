package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.tier.ThawState;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads S3's {@code x-amz-restore} header of a cold object: absent when no restore was asked for,
 * {@code ongoing-request="true"} while one runs, {@code ongoing-request="false", expiry-date="Fri,
 * 21 Dec 2012 00:00:00 GMT"} when the copy is readable (until the expiry date).
 */
public final class RestoreHeader {

    private static final Pattern ONGOING =
            Pattern.compile("ongoing-request\\s*=\\s*\"(true|false)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXPIRY =
            Pattern.compile("expiry-date\\s*=\\s*\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    private RestoreHeader() {}

    /**
     * The thaw state of a cold object with this header.
     *
     * @param header the header's value, or null when the response had none
     * @throws IllegalArgumentException if the header is present but not in S3's form
     */
    public static ThawState parse(String header) {
        if (header == null || header.isBlank()) {
            return ThawState.frozen();
        }
        Matcher ongoing = ONGOING.matcher(header);
        if (!ongoing.find()) {
            throw new IllegalArgumentException("x-amz-restore without ongoing-request: " + header);
        }
        if (Boolean.parseBoolean(ongoing.group(1))) {
            return new ThawState.Thawing(Optional.empty(), Optional.empty());
        }
        Matcher expiry = EXPIRY.matcher(header);
        if (!expiry.find()) {
            // A finished restore always carries its expiry; without one the copy's lifetime is
            // unknown.
            return new ThawState.Ready(Optional.empty());
        }
        try {
            Instant until =
                    ZonedDateTime.parse(
                                    expiry.group(1).trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant();
            return new ThawState.Ready(Optional.of(until));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "x-amz-restore with an unreadable expiry-date: " + header, e);
        }
    }
}
