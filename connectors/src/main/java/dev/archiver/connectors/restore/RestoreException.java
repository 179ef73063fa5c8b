package dev.archiver.connectors.restore;

import java.io.IOException;

/**
 * A restore was refused or could not complete for a reason other than corruption or a tier read
 * error.
 */
public class RestoreException extends IOException {

    private static final long serialVersionUID = 1L;

    public RestoreException(String message) {
        super(message);
    }
}
