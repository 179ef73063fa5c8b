package dev.archiver.streams.restore;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.paths.RootedPaths;
import dev.archiver.connectors.restore.RestoreJournal;
import dev.archiver.streams.validation.PathGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where restores may write, with what modes, and where their journals live. A target is resolved
 * again right before the restore and before its expiry, on real paths: validation saw the disk as
 * it was then.
 */
final class RestoreTargets {

  private final RootedPaths roots;
  private final int umask;
  private final Path recordsDir;

  RestoreTargets(RootedPaths roots, int umask, Path recordsDir) {
    this.roots = roots;
    this.umask = umask;
    this.recordsDir = recordsDir.toAbsolutePath().normalize();
  }

  static RestoreTargets of(ArchiverConfig config) {
    return new RestoreTargets(
        new RootedPaths("restore target", config.restoreRoots()),
        config.restoreUmask(),
        config.dataDir().resolve("restore-records"));
  }

  int umask() {
    return umask;
  }

  /**
   * The real path to restore into, its parent made if missing (one level at a time, no link
   * followed); the target itself is left for the restore to make, so its journal records it.
   *
   * @throws dev.archiver.connectors.paths.OutsideRootsException it leads outside restore.roots now
   */
  Path prepare(String targetUri) throws IOException {
    Path real = resolve(targetUri);
    if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS) && !roots.roots().contains(real)) {
      roots.createDirectories(real.getParent());
    }
    return real;
  }

  /** The real path of a target, checked against restore.roots. */
  Path resolve(String targetUri) throws IOException {
    return roots.realPath(
        Path.of(
            PathGuard.filePath(targetUri)
                .orElseThrow(() -> new IOException("not a file: target: " + targetUri))));
  }

  /** The journal of what a restore wrote, named by a hash of its id: an id never becomes a path. */
  Path journalOf(String restoreId) {
    return recordsDir.resolve(Sha256.of(restoreId.getBytes(StandardCharsets.UTF_8)) + ".journal");
  }

  /**
   * Opens (or starts) the journal of a restore into {@code realTarget}, in an owner-only directory.
   */
  RestoreJournal openJournal(String restoreId, Path realTarget) throws IOException {
    if (!Files.isDirectory(recordsDir)) {
      Files.createDirectories(
          recordsDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return RestoreJournal.open(journalOf(restoreId), realTarget);
  }

  /**
   * True for a journal this archiver would have named: a stored record is never trusted to name any
   * other file.
   */
  boolean isJournal(Path record) {
    Path normalized = record.toAbsolutePath().normalize();
    return normalized.getParent() != null
        && normalized.getParent().equals(recordsDir)
        && normalized.getFileName().toString().matches("[0-9a-f]{64}\\.journal");
  }
}
