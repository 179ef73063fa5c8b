package dev.archiver.connectors.restore;

/**
 * Progress of a restore. {@link #progress} counts content bytes and files (regular files and
 * symlinks) in place so far: called on the restoring thread after each file or symlink reaches its
 * final name, never before every chunk has verified and every entry has passed its checks. {@link
 * #staged} counts what the reading pass has read and staged out of sight before that (most of a
 * restore's time), after each file and every 8 MiB within large files. Keep both cheap (throttle
 * events).
 */
@FunctionalInterface
public interface RestoreListener {

    RestoreListener NONE = (bytes, files) -> {};

    void progress(long bytes, long files);

    /**
     * Content bytes and files read, checked so far and written under a staging name, not yet
     * visible: a later chunk may still fail its hash, and then none of it ever is.
     */
    default void staged(long bytes, long files) {}
}
