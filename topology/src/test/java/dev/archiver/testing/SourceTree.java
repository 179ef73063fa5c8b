package dev.archiver.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Builds a source tree for a run: files with given modes and distinct whole-second mtimes,
 * directories, symlinks. Call {@link #finish()} last: adding children changes a directory's mtime.
 */
public final class SourceTree {

  private static final long BASE_MTIME = 1_600_000_000L;

  private final Path root;
  private final Random random;
  private long nextMtime = BASE_MTIME;

  public SourceTree(Path root, long seed) throws IOException {
    this.root = Files.createDirectories(root);
    this.random = new Random(seed);
  }

  public Path root() {
    return root;
  }

  public Path text(String path, String content, String mode) throws IOException {
    return file(path, content.getBytes(StandardCharsets.UTF_8), mode);
  }

  public Path file(String path, byte[] content, String mode) throws IOException {
    Path file = parentsOf(path);
    Files.write(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return stamp(file);
  }

  /** A file of {@code size} random bytes, written in 1 MiB pieces (never held whole in memory). */
  public Path random(String path, long size) throws IOException {
    Path file = parentsOf(path);
    byte[] piece = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= piece.length) {
        random.nextBytes(piece);
        out.write(piece, 0, (int) Math.min(piece.length, left));
      }
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return stamp(file);
  }

  /**
   * A sparse file of {@code size} zero bytes: it takes no disk blocks, yet reads back as {@code
   * size} bytes.
   */
  public Path sparse(String path, long size) throws IOException {
    Path file = parentsOf(path);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return stamp(file);
  }

  public Path dir(String path, String mode) throws IOException {
    Path dir = parentsOf(path);
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
    return dir;
  }

  public Path symlink(String path, String target) throws IOException {
    Path link = parentsOf(path);
    Files.createSymbolicLink(link, Path.of(target));
    return stamp(link);
  }

  /** Stamps every directory below the root, deepest first, once the tree is complete. */
  public SourceTree finish() throws IOException {
    List<Path> directories = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .filter(p -> !p.equals(root) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .forEach(directories::add);
    }
    directories.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    for (Path directory : directories) {
      stamp(directory);
    }
    return this;
  }

  private Path parentsOf(String path) throws IOException {
    Path target = root.resolve(path);
    Files.createDirectories(target.getParent());
    return target;
  }

  private Path stamp(Path path) throws IOException {
    FileTime time = FileTime.from(Instant.ofEpochSecond(nextMtime++));
    Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(time, null, null);
    return path;
  }
}
