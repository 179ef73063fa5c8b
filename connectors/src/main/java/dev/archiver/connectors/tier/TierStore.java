package dev.archiver.connectors.tier;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Object storage for archives, independent of where the bytes go. Keys follow {@link TierKeys}.
 *
 * <ul>
 *   <li>Atomic: a reader sees the previous object or the complete new one, never a partial one; a
 *       writer that fails leaves nothing behind and the previous object untouched.
 *   <li>Idempotent: putting a key again replaces the object, so a retried chunk or a replayed run
 *       is safe.
 *   <li>Durable when {@code put} returns.
 * </ul>
 */
public interface TierStore {

    /**
     * Streams an object in, publishing it under {@code key} only once {@code writer} returned
     * normally.
     */
    <T> T put(String key, ObjectWriter<T> writer) throws IOException;

    default void putBytes(String key, byte[] bytes) throws IOException {
        put(
                key,
                out -> {
                    out.write(bytes);
                    return null;
                });
    }

    /**
     * Reads the object under {@code key}.
     *
     * @throws TierObjectNotFoundException if there is no object under {@code key}
     */
    InputStream open(String key) throws IOException;

    /**
     * The length of the object under {@code key}, in bytes.
     *
     * @throws TierObjectNotFoundException if there is no object under {@code key}
     */
    long size(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Keys that start with {@code prefix} (plain string prefix, as in S3), in UTF-8 byte order. */
    List<String> list(String prefix) throws IOException;

    /** Removes the object; deleting a missing key is not an error. */
    void delete(String key) throws IOException;

    /** Where the object lives, as an absolute URI (file:, s3:, ...) for events and the catalog. */
    String location(String key);
}
