package dev.archiver.connectors.testing;

import dev.archiver.connectors.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Everything a restore must reproduce, per relative path, so two trees compare with one equals. */
public final class TreeSnapshot {

    public record Node(String type, String mode, long mtime, String linkTarget, String sha256) {}

    private TreeSnapshot() {}

    public static Map<String, Node> of(Path root) throws IOException {
        Map<String, Node> nodes = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) { // walk does not follow symlinks by default
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                nodes.put(root.relativize(path).toString(), node(path));
            }
        }
        return nodes;
    }

    private static Node node(Path path) throws IOException {
        PosixFileAttributes attrs =
                Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        long mtime = attrs.lastModifiedTime().toInstant().getEpochSecond();
        if (attrs.isSymbolicLink()) {
            return new Node("symlink", null, mtime, Files.readSymbolicLink(path).toString(), null);
        }
        String mode = PosixFilePermissions.toString(attrs.permissions());
        if (attrs.isDirectory()) {
            return new Node("dir", mode, mtime, null, null);
        }
        return new Node("file", mode, mtime, null, Sha256.of(Files.readAllBytes(path)));
    }
}
