package dev.archiver.streams.intake;

/** A request decoded from its bytes; the bytes travel along so a later rejection can dead-letter them as they came. */
public record Decoded<T>(T value, byte[] rawKey, byte[] rawValue) {}
