package dev.archiver.connectors.verify;

/** What an integrity check found for one object; everything but OK is a finding to report. */
public enum CheckKind {
    OK,
    /** No object under the key. */
    MISSING,
    /** The object's size differs from the one recorded at archive time (shorter or longer). */
    TRUNCATED,
    /** The size is right but a checksum (or the decompressed size) differs. */
    MISMATCHED,
    /** The bytes cannot be decoded: not a manifest, not a zstd frame. */
    UNREADABLE
}
