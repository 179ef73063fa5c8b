package dev.archiver.connectors.restore;

import java.nio.file.Path;

/**
 * Something already exists where the archive has an entry, and the conflict policy does not allow
 * it.
 */
public class ConflictException extends RestoreException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public ConflictException(Path path, String detail) {
        super("conflict at " + path + ": " + detail);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
