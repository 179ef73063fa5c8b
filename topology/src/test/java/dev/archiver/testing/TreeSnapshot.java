package dev.archiver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything a restore must reproduce, per relative path (type, permission bits, mtime in whole
 * seconds, symlink target, SHA-256 of the content), so two trees compare with one equals. The root
 * itself is left out: a run's tar holds the root's contents, not the root.
 */
public final class TreeSnapshot {

  /**
   * One path of a tree; {@code mode} is octal, null for symlinks (their mode is not restorable).
   */
  public record Node(
      String type, String mode, long mtime, String linkTarget, long size, String sha256) {}

  private TreeSnapshot() {}

  public static Map<String, Node> of(Path root) throws IOException {
    Map<String, Node> nodes = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) { // does not follow symlinks
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (!path.equals(root)) {
          nodes.put(root.relativize(path).toString(), node(path));
        }
      }
    }
    return nodes;
  }

  private static Node node(Path path) throws IOException {
    PosixFileAttributes attrs =
        Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    long mtime = attrs.lastModifiedTime().toInstant().getEpochSecond();
    if (attrs.isSymbolicLink()) {
      return new Node("symlink", null, mtime, Files.readSymbolicLink(path).toString(), 0, null);
    }
    String mode =
        Integer.toOctalString(
            (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    if (attrs.isDirectory()) {
      return new Node("dir", mode, mtime, null, 0, null);
    }
    return new Node("file", mode, mtime, null, attrs.size(), sha256(path));
  }

  private static String sha256(Path file) throws IOException {
    try (DigestInputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // the digest sees every byte
      }
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
