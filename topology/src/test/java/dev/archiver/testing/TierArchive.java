package dev.archiver.testing;

import static dev.archiver.testing.CommandLine.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.connectors.manifest.ArchiveKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One archive in a FILESYSTEM tier, read the way an operator without the archiver would: the
 * manifest as plain JSON, the chunks as files, {@code sha256sum}, {@code cat | zstd -d | tar -x}.
 */
public final class TierArchive {

  /** One chunk as the manifest lists it. */
  public record Chunk(
      int index,
      String key,
      long offset,
      long bytesIn,
      long bytesOut,
      String sha256In,
      String sha256Out) {}

  /**
   * A stored object's identity: a rewrite (staging file renamed into place) changes the inode and
   * mtime.
   */
  public record StoredObject(long size, long mtimeNanos, Object fileKey) {}

  private final Path tierRoot;
  private final String archiveId;

  public TierArchive(Path tierRoot, String runId) {
    this.tierRoot = tierRoot;
    this.archiveId = ArchiveKeys.archiveId(runId);
  }

  public String archiveId() {
    return archiveId;
  }

  public Path tierRoot() {
    return tierRoot;
  }

  public Path directory() {
    return tierRoot.resolve("archives").resolve(archiveId);
  }

  public Path manifestFile() {
    return directory().resolve("manifest.json");
  }

  public JsonNode manifest() throws IOException {
    return new ObjectMapper().readTree(manifestFile().toFile());
  }

  /** The manifest's chunks, in index order. */
  public List<Chunk> chunks() throws IOException {
    List<Chunk> chunks = new ArrayList<>();
    for (JsonNode c : manifest().get("chunks")) {
      chunks.add(
          new Chunk(
              c.get("index").asInt(),
              c.get("key").asText(),
              c.get("offset").asLong(),
              c.get("bytesIn").asLong(),
              c.get("bytesOut").asLong(),
              c.get("sha256In").asText(),
              c.get("sha256Out").asText()));
    }
    chunks.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return chunks;
  }

  /** What {@code sha256sum} says of each file, by its path relative to the tier root. */
  public Map<String, String> sha256sum(List<String> keys) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sha256sum", "--"));
    command.addAll(keys);
    String out = CommandLine.run(tierRoot, command).requireSuccess().stdout();
    Map<String, String> sums = new TreeMap<>();
    for (String line : out.split("\n", -1)) {
      if (!line.isBlank()) {
        sums.put(line.substring(66), line.substring(0, 64)); // "<64 hex>  <name>"
      }
    }
    return sums;
  }

  /**
   * {@code cat} the chunks in index order {@code | zstd -d | tar -xpf - -C target}; fails unless
   * all succeed.
   */
  public CommandLine.Result extractWithTarAndZstd(Path target)
      throws IOException, InterruptedException {
    Files.createDirectories(target);
    String chunks = chunks().stream().map(c -> quote(c.key())).collect(Collectors.joining(" "));
    String script =
        "set -o pipefail; cat "
            + chunks
            + " | zstd -d -q -c | tar -xpf - -C "
            + quote(target.toString());
    CommandLine.Result result = CommandLine.run(tierRoot, List.of("bash", "-c", script));
    if (result.exitCode() != 0) {
      throw new AssertionError("restoring with cat | zstd -d | tar -x failed: " + result);
    }
    return result;
  }

  /** Every object of the tier (staging left out) with its size, mtime and inode, by key. */
  public static Map<String, StoredObject> objects(Path tierRoot) throws IOException {
    Map<String, StoredObject> objects = new TreeMap<>();
    Path staging = tierRoot.resolve(".staging");
    try (Stream<Path> paths = Files.walk(tierRoot)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        BasicFileAttributes attrs =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isRegularFile() && !path.startsWith(staging)) {
          objects.put(
              tierRoot.relativize(path).toString(),
              new StoredObject(
                  attrs.size(),
                  Files.getLastModifiedTime(path).to(java.util.concurrent.TimeUnit.NANOSECONDS),
                  attrs.fileKey()));
        }
      }
    }
    return objects;
  }
}
