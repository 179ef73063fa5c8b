package dev.archiver.connectors.restore;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link RestoreCleaner#remove} did.
 *
 * @param removed paths that were deleted
 * @param kept listed paths left in place: outside the target, below a symlink, or directories not
 *     empty
 */
public record CleanupResult(List<Path> removed, List<Path> kept) {

    public CleanupResult {
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
    }
}
