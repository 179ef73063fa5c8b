package dev.archiver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The trees the bench measures on, generated: seeded, so a given size always yields the same bytes.
 *
 * <ul>
 *   <li>{@link #mixed}: one large file alternating MiBs of log text (compresses about 5:1) and
 *       random bytes (does not compress), plus about 420 small awkward files (empty, tar-block
 *       sizes, long and deep names, spaces, quotes, backslashes, non-ASCII, hidden files, empty
 *       directories) that a restore must give back exactly;
 *   <li>{@link #smallFiles}: many small files (1 to 8 KiB, half text, half random);
 *   <li>{@link #run}: one small run (10 files of a few KiB) for the small-runs test.
 * </ul>
 */
final class BenchCorpus {

  static final int MIB = 1 << 20;

  /** A generated tree: its root, its bytes and its regular files. */
  record Tree(Path root, long bytes, int files) {}

  private BenchCorpus() {}

  /** One large alternating file of about {@code size} bytes minus the small files' share. */
  static Tree mixed(Path root, long size) throws IOException {
    Files.createDirectories(root);
    Random random = new Random(10);
    long small = awkwardFiles(root.resolve("small"), random);
    long large = Math.max(0, size - small);
    Path big = root.resolve("large").resolve("alternating-log-and-random.dat");
    Files.createDirectories(big.getParent());
    try (OutputStream out = Files.newOutputStream(big)) {
      byte[] mib = new byte[MIB];
      long written = 0;
      for (int i = 0; written < large; i++) {
        if (i % 2 == 0) {
          logText(mib, random, written);
        } else {
          random.nextBytes(mib);
        }
        int n = (int) Math.min(mib.length, large - written);
        out.write(mib, 0, n);
        written += n;
      }
    }
    return measure(root);
  }

  /** {@code count} small files of 1 to 8 KiB, half text and half random, 500 to a directory. */
  static Tree smallFiles(Path root, int count) throws IOException {
    Random random = new Random(11);
    for (int i = 0; i < count; i++) {
      Path dir = root.resolve(String.format(Locale.ROOT, "d%04d", i / 500));
      Files.createDirectories(dir);
      Files.write(dir.resolve(String.format(Locale.ROOT, "f%07d.dat", i)), halfText(random, 1, 8));
    }
    return measure(root);
  }

  /** One run of the small-runs test: 10 files of 2 to 6 KiB. */
  static Tree run(Path root, int seed) throws IOException {
    Files.createDirectories(root);
    Random random = new Random(seed);
    for (int i = 0; i < 10; i++) {
      Files.write(root.resolve("part-" + i + ".dat"), halfText(random, 2, 6));
    }
    return measure(root);
  }

  private static byte[] halfText(Random random, int minKib, int maxKib) {
    int size = (minKib + random.nextInt(maxKib - minKib + 1)) << 10;
    byte[] data = new byte[size];
    byte[] text = new byte[size / 2];
    logText(text, random, size);
    System.arraycopy(text, 0, data, 0, text.length);
    byte[] noise = new byte[size - text.length];
    random.nextBytes(noise);
    System.arraycopy(noise, 0, data, text.length, noise.length);
    return data;
  }

  /** Fills {@code buffer} with log lines, the kind of text a hot store sheds. */
  private static void logText(byte[] buffer, Random random, long base) {
    String[] levels = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
    String[] what = {
      "accepted request", "wrote chunk", "committed offsets", "rebalance done", "slow fsync"
    };
    StringBuilder text = new StringBuilder(buffer.length + 200);
    long t = 1_700_000_000_000L + base;
    while (text.length() < buffer.length) {
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
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, buffer, 0, buffer.length);
  }

  /** About 420 files a packer and an unpacker can get wrong; returns their bytes. */
  private static long awkwardFiles(Path root, Random random) throws IOException {
    long bytes = 0;
    Files.createDirectories(root.resolve("empty-dir"));
    Files.createDirectories(root.resolve("nested-empty").resolve("a").resolve("b"));
    // Sizes around tar's 512-byte blocks and zstd's and our buffers' edges.
    int[] sizes = {0, 1, 2, 511, 512, 513, 1023, 1024, 1025, 4095, 4096, 4097, 65535, 65536, 65537};
    for (int size : sizes) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      Files.write(root.resolve("size-" + size + ".bin"), data);
      bytes += size;
    }
    String[] names = {
      "with space.txt",
      "  leading and trailing spaces  ",
      "quote'single.txt",
      "quote\"double.txt",
      "back\\slash.txt",
      "-starts-with-dash",
      ".hidden",
      "..double-dot-prefix",
      "naïve café résumé.txt",
      "日本語のファイル名.txt",
      "emoji-\uD83D\uDCE6-box.txt",
      "tab\there.txt",
      "semi;colon&amp|pipe$dollar*star?.txt",
      "UPPER.TXT",
      "upper.txt",
      "chunk-000001.tar.zst",
      "manifest.json",
      "x".repeat(200) + ".txt",
    };
    for (String name : names) {
      byte[] data = ("file named " + name + "\n").getBytes(StandardCharsets.UTF_8);
      Files.write(root.resolve(name), data);
      bytes += data.length;
    }
    // A path far beyond ustar's 100 + 155 bytes (tar needs PAX headers for it).
    Path deep = root;
    for (int i = 0; i < 12; i++) {
      deep = deep.resolve("level-" + i + "-" + "d".repeat(20));
    }
    Files.createDirectories(deep);
    Files.writeString(deep.resolve("deep.txt"), "deep\n");
    bytes += 5;
    // The bulk: 385 little files of a few hundred bytes to 16 KiB over 7 directories.
    for (int i = 0; i < 385; i++) {
      Path dir = root.resolve("many").resolve("dir-" + (i % 7));
      Files.createDirectories(dir);
      byte[] data = halfText(random, 0, 16);
      if (i % 5 == 0) {
        data = java.util.Arrays.copyOf(data, 1 + random.nextInt(700));
      }
      Files.write(dir.resolve(String.format(Locale.ROOT, "item-%03d.log", i)), data);
      bytes += data.length;
    }
    return bytes;
  }

  /** The tree's bytes and regular files. */
  static Tree measure(Path root) throws IOException {
    long[] totals = new long[2];
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              totals[0] += attrs.size();
              totals[1]++;
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new Tree(root, totals[0], (int) totals[1]);
  }

  /**
   * What a restore must give back: every directory, and every regular file with its SHA-256, by
   * path relative to {@code root}. Anything else (a link, a device) is listed by its kind, so it
   * cannot pass for a file.
   */
  static Map<String, String> digest(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root)) {
              entries.put(root.relativize(dir).toString(), "dir");
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String key = root.relativize(file).toString();
            entries.put(key, attrs.isRegularFile() ? sha256(file) : "other");
            return FileVisitResult.CONTINUE;
          }
        });
    return entries;
  }

  /** Where {@code got} differs from {@code want}, the first few paths; empty when the same. */
  static String differences(Map<String, String> want, Map<String, String> got) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (Map.Entry<String, String> e : want.entrySet()) {
      String other = got.get(e.getKey());
      if (!e.getValue().equals(other) && shown++ < 10) {
        out.append(other == null ? "  missing " : "  differs ").append(e.getKey()).append('\n');
      }
    }
    for (String key : got.keySet()) {
      if (!want.containsKey(key) && shown++ < 10) {
        out.append("  extra   ").append(key).append('\n');
      }
    }
    return out.toString();
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
