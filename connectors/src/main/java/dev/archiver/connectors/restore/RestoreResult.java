package dev.archiver.connectors.restore;

import java.nio.file.Path;
import java.util.List;

/**
 * What a restore did.
 *
 * @param files regular files written
 * @param dirs directory entries of the archive now present (created, or already there and merged
 *     into)
 * @param symlinks symlinks written
 * @param bytes content bytes written
 * @param skipped files and symlinks left as they were under {@link ConflictPolicy#SKIP}
 * @param written every path this restore created or replaced, in the order it did so, including
 *     directories it had to create (and the target itself if it did not exist): exactly what {@link
 *     RestoreCleaner} removes when the restored copy expires. Only this attempt's: after a re-run,
 *     {@link RestoreJournal#paths()} holds what all attempts wrote
 * @param created what this attempt created where nothing was, with its identity: what {@link
 *     RestoreCleaner} may remove when the restored copy expires (after a re-run, {@link
 *     RestoreJournal#created()})
 */
public record RestoreResult(
        long files,
        long dirs,
        long symlinks,
        long bytes,
        long skipped,
        List<Path> written,
        List<RestoreJournal.Entry> created) {

    public RestoreResult {
        written = List.copyOf(written);
        created = List.copyOf(created);
    }
}
