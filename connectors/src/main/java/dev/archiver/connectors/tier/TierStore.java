package dev.archiver.connectors.tier;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Object storage for archives, independent of where the bytes go. Keys follow {@link TierKeys}.
 * Failures of the storage itself are {@link TierStoreException}s, sorted into retriable and
 * permanent; a missing key is {@link TierObjectNotFoundException}.
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
     * Reads {@code length} bytes of the object under {@code key} from {@code offset} on, without
     * reading the rest (an HTTP range request on S3). The range must lie within the object.
     *
     * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
     * @throws TierObjectNotFoundException if there is no object under {@code key}
     * @throws TierStoreException (permanent) if the range reaches past the end of the object
     */
    InputStream openRange(String key, long offset, long length) throws IOException;

    /**
     * Reads the object under {@code key} and, at its end, checks the bytes against the SHA-256 the
     * store recorded when it wrote them (see {@link ObjectInfo#sha256()}): a mismatch throws {@link
     * TierChecksumMismatchException} where the end would be reported. Without a recorded SHA-256
     * this is {@link #open}. A store whose reads can see the recorded checksum in the same request
     * overrides this.
     *
     * @throws TierObjectNotFoundException if there is no object under {@code key}
     */
    default InputStream openVerified(String key) throws IOException {
        ObjectInfo info = stat(key);
        InputStream in = open(key);
        return info.sha256()
                .<InputStream>map(sha -> new Sha256VerifyingInputStream(in, key, sha))
                .orElse(in);
    }

    /**
     * The length of the object under {@code key}, in bytes.
     *
     * @throws TierObjectNotFoundException if there is no object under {@code key}
     */
    long size(String key) throws IOException;

    /**
     * Size, storage class and recorded SHA-256 of the object under {@code key}, without reading it.
     *
     * @throws TierObjectNotFoundException if there is no object under {@code key}
     */
    ObjectInfo stat(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Keys that start with {@code prefix} (plain string prefix, as in S3), in UTF-8 byte order. */
    List<String> list(String prefix) throws IOException;

    /** Removes the object; deleting a missing key is not an error. */
    void delete(String key) throws IOException;

    /** Where the object lives, as an absolute URI (file:, s3:, ...) for events and the catalog. */
    String location(String key);

    /**
     * How to thaw this store's cold objects before they are read; empty for a store without cold
     * classes, whose objects read at once.
     */
    default java.util.Optional<ColdObjects> thaws() {
        return java.util.Optional.empty();
    }
}
