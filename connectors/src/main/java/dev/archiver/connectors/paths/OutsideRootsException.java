package dev.archiver.connectors.paths;

import java.io.IOException;

/**
 * A path that is, or leads through a symbolic link to, somewhere outside the roots it must stay in.
 * Kept apart from other I/O failures because it is permanent: retrying will not move the path back
 * inside.
 */
public final class OutsideRootsException extends IOException {

    private static final long serialVersionUID = 1L;

    public OutsideRootsException(String message) {
        super(message);
    }
}
