package dev.archiver.connectors.restore;

/**
 * Progress of a restore's write pass: content bytes and files (regular files and symlinks) written
 * so far. Called on the restoring thread after each file or symlink and every 8 MiB within large
 * files, so keep it cheap (throttle events). Never called before the verification and scan passes
 * have succeeded.
 */
@FunctionalInterface
public interface RestoreListener {

    RestoreListener NONE = (bytes, files) -> {};

    void progress(long bytes, long files);
}
