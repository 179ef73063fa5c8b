package dev.archiver.connectors.restore;

/**
 * What a restore does when a regular file or symlink of the archive already exists at the target.
 * Existing directories are always merged into; a directory where the archive has a file, or a file
 * where it has a directory, is a {@link ConflictException} under every policy except SKIP for the
 * former. A file or symlink an earlier, interrupted attempt of the same restore wrote (see {@link
 * RestoreJournal}) is no conflict: it is replaced under every policy.
 */
public enum ConflictPolicy {
    /** Leave what exists as it is and count the entry as skipped. */
    SKIP,
    /** Replace the existing file or link (atomically, by rename). Never replaces a directory. */
    OVERWRITE,
    /** Refuse the restore before anything is written. */
    FAIL
}
