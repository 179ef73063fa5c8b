package dev.archiver.connectors.tier;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a store knows about one object without reading it.
 *
 * @param size length in bytes
 * @param storageClass the store's class of the object: an S3 storage class name ("STANDARD",
 *     "GLACIER", ...) or {@link #FILESYSTEM}
 * @param sha256 lowercase hex SHA-256 of the whole object when the store recorded one at write
 *     time; empty for objects written without it (by an older version, or by another tool)
 */
public record ObjectInfo(long size, String storageClass, Optional<String> sha256) {

    /** The storage class every object of the filesystem store reports. */
    public static final String FILESYSTEM = "FILESYSTEM";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ObjectInfo {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        Objects.requireNonNull(storageClass, "storageClass");
        Objects.requireNonNull(sha256, "sha256");
        sha256.ifPresent(
                hex -> {
                    if (!SHA256_HEX.matcher(hex).matches()) {
                        throw new IllegalArgumentException(
                                "sha256 must be 64 lowercase hex digits: " + hex);
                    }
                });
    }
}
