package dev.archiver.connectors.tier;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The key rules every tier store enforces alike, so an archive written to one tier can be copied to
 * any other: '/'-separated relative segments, no empty, "." or ".." segments, no backslashes or
 * control characters.
 */
public final class TierKeys {

    /** Listing order of every store: by UTF-8 bytes, which is what S3 uses too. */
    public static final Comparator<String> UTF8_ORDER =
            (a, b) ->
                    Arrays.compareUnsigned(
                            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static final int MAX_KEY_BYTES = 1024; // S3's limit

    private TierKeys() {}

    public static String requireValidKey(String key) {
        if (key == null || key.isEmpty() || key.endsWith("/")) {
            throw new IllegalArgumentException("invalid key '" + key + "': must name an object");
        }
        return requireValidPrefix(key);
    }

    /** A prefix may be empty or end with '/'; otherwise it follows the key rules. */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null");
        }
        if (prefix.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (prefix.startsWith("/")
                || prefix.indexOf('\\') >= 0
                || prefix.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException(
                    "invalid key '" + prefix + "': absolute, backslash or control char");
        }
        String[] segments = prefix.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            boolean trailing = i == segments.length - 1;
            String segment = segments[i];
            if ((segment.isEmpty() && !trailing) || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(
                        "invalid key '" + prefix + "': empty, '.' or '..' segment");
            }
        }
        return prefix;
    }
}
