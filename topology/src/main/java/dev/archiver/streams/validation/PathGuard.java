package dev.archiver.streams.validation;

import dev.archiver.connectors.paths.OutsideRootsException;
import dev.archiver.connectors.paths.RootedPaths;
import dev.archiver.events.ReasonCode;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Keeps file: locations inside configured roots, at validation. A location is refused when it is
 * relative, names '..', or lies outside every root, also once symlinks are resolved on the part
 * that exists ({@link RootedPaths}). The work that acts on the location resolves it again: the disk
 * may change in between.
 */
public final class PathGuard {

  private final String what;
  private final String rootsKey;
  private final List<Path> roots;
  private final RootedPaths realPaths;

  /**
   * @param what what the paths are for, in messages ("source", "restore target")
   * @param rootsKey the config key that lists the roots, named in the fix
   * @param roots the allowed roots, absolute
   */
  public PathGuard(String what, String rootsKey, List<Path> roots) {
    this.what = what;
    this.rootsKey = rootsKey;
    this.roots = List.copyOf(roots);
    this.realPaths = new RootedPaths(what, roots);
  }

  /** The local path of a file: URI (file:/abs or file:///abs), or empty for another scheme. */
  public static Optional<String> filePath(String uri) {
    if (uri.startsWith("file://")) {
      return Optional.of(uri.substring("file://".length()));
    }
    if (uri.startsWith("file:")) {
      return Optional.of(uri.substring("file:".length()));
    }
    return Optional.empty();
  }

  public Optional<Rejection> check(String rawPath) {
    Path path;
    try {
      path = Path.of(rawPath);
    } catch (InvalidPathException e) {
      return reject(
          ReasonCode.INVALID_FIELD,
          what + " path '" + rawPath + "' is not a valid path: " + e.getReason());
    }
    if (!path.isAbsolute()) {
      return reject(
          ReasonCode.INVALID_FIELD,
          what + " path '" + rawPath + "' is relative; give an absolute path under " + roots);
    }
    for (Path part : path) {
      if (part.toString().equals("..")) {
        return reject(
            ReasonCode.PATH_OUTSIDE_ROOTS,
            what + " path '" + rawPath + "' contains '..'; give the path without it");
      }
    }
    Path normalized = path.normalize();
    if (roots.stream().noneMatch(normalized::startsWith)) {
      return reject(
          ReasonCode.PATH_OUTSIDE_ROOTS,
          what
              + " path '"
              + rawPath
              + "' is outside the allowed roots "
              + roots
              + "; move the data under one or add its root to "
              + rootsKey);
    }
    try {
      realPaths.realPath(normalized);
    } catch (OutsideRootsException e) {
      return reject(
          ReasonCode.PATH_OUTSIDE_ROOTS,
          what
              + " path '"
              + rawPath
              + "' leads outside the allowed roots "
              + roots
              + " through a symbolic link");
    } catch (IOException e) {
      return reject(
          ReasonCode.PATH_OUTSIDE_ROOTS,
          what + " path '" + rawPath + "' could not be resolved: " + e.getClass().getSimpleName());
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(ReasonCode code, String message) {
    return Optional.of(Rejection.of(code, message));
  }
}
