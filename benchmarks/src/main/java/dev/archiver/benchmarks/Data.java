package dev.archiver.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** The inputs the benchmarks share: seeded, so every run measures the same bytes. */
final class Data {

  /** Bytes per benchmark operation: scores in ops/us are then MB/s (10^6 bytes per second). */
  static final int SIZE = 8 << 20;

  private Data() {}

  /** Log text, the kind a hot store sheds: zstd -3 stores it at about a fifth. */
  static byte[] text(int size) {
    SplittableRandom random = new SplittableRandom(1);
    String[] levels = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
    String[] what = {
      "accepted request", "wrote chunk", "committed offsets", "rebalance done", "slow fsync"
    };
    StringBuilder text = new StringBuilder(size + 200);
    long t = 1_700_000_000_000L;
    while (text.length() < size) {
      t += random.nextInt(50);
      text.append(t)
          .append(' ')
          .append(levels[random.nextInt(levels.length)])
          .append(" [worker-")
          .append(random.nextInt(16))
          .append("] ")
          .append(what[random.nextInt(what.length)])
          .append(" run=run-")
          .append(random.nextInt(100_000))
          .append(" bytes=")
          .append(random.nextInt(1 << 26))
          .append(" took=")
          .append(random.nextInt(2000))
          .append("ms\n");
    }
    byte[] bytes = new byte[size];
    System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, size);
    return bytes;
  }

  /** Random bytes: what compressed media look like to zstd. */
  static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(2).nextBytes(bytes);
    return bytes;
  }

  static byte[] of(String kind) {
    return switch (kind) {
      case "text" -> text(SIZE);
      case "random" -> random(SIZE);
      default -> throw new IllegalArgumentException("data is text or random: " + kind);
    };
  }

  /**
   * A tree of {@link #SIZE} file bytes: one large file (half text, half random) and {@code
   * smallFiles} files of 4 KiB, 200 to a directory.
   */
  static Path tree(Path root, int smallFiles) throws IOException {
    int small = 4096;
    int large = SIZE - smallFiles * small;
    Files.createDirectories(root);
    try (OutputStream out = Files.newOutputStream(root.resolve("large.dat"))) {
      out.write(text(large / 2));
      out.write(random(large - large / 2));
    }
    byte[] text = text(small);
    for (int i = 0; i < smallFiles; i++) {
      Path dir = root.resolve(String.format(Locale.ROOT, "d%03d", i / 200));
      Files.createDirectories(dir);
      Files.write(dir.resolve(String.format(Locale.ROOT, "f%05d.log", i)), text);
    }
    return root;
  }

  static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Counts what is written to it and keeps nothing. */
  static final class Sink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
