package dev.archiver.connectors.paths;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What makes a file on disk the one we saw: its file key (device and inode) and, for anything but a
 * directory, its size and modification time in nanoseconds. A file replaced under the same name has
 * another key; one rewritten in place has another size or time. Directories are known by their key
 * alone, since what is added to them changes their time.
 */
public record FileIdentity(String key, boolean directory, long size, long mtimeNanos) {

    public FileIdentity {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '|')) {
            throw new IllegalArgumentException(
                    "file key must be printable ASCII without space or '|': " + key);
        }
    }

    /**
     * The identity of what {@code attributes} describe, or null where the platform has no file
     * keys.
     */
    public static FileIdentity of(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        if (key == null) {
            return null;
        }
        String text = key.toString().replace(' ', '_');
        if (attributes.isDirectory()) {
            return new FileIdentity(text, true, 0, 0);
        }
        return new FileIdentity(
                text,
                false,
                attributes.size(),
                attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    }

    /** One printable token: {@code d|<key>} or {@code f|<key>|<size>|<mtime ns>}. */
    public String token() {
        return directory ? "d|" + key : "f|" + key + "|" + size + "|" + mtimeNanos;
    }

    /**
     * Reads a {@link #token()} back.
     *
     * @throws IllegalArgumentException not a {@link #token()}
     */
    public static FileIdentity parse(String token) {
        String[] parts = token.split("\\|", -1);
        if (parts.length == 2 && parts[0].equals("d")) {
            return new FileIdentity(parts[1], true, 0, 0);
        }
        if (parts.length == 4 && parts[0].equals("f")) {
            return new FileIdentity(
                    parts[1], false, Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        }
        throw new IllegalArgumentException("not a file identity: " + token);
    }
}
