package dev.archiver.streams.intake;

/**
 * A request decoded from its bytes; the bytes travel along so a later rejection can dead-letter
 * them as they came.
 */
// The bytes are carried, never compared: equals and hashCode by array identity are never used.
@SuppressWarnings("ArrayRecordComponent")
public record Decoded<T>(T value, byte[] rawKey, byte[] rawValue) {}
