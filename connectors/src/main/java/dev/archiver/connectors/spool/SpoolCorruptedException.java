package dev.archiver.connectors.spool;

import java.io.IOException;

/**
 * A spooled chunk's bytes no longer match the SHA-256 recorded when it was packed (the local disk
 * lost or changed them). The entry is dropped; the chunk is packed again from its source.
 */
public class SpoolCorruptedException extends IOException {

    private static final long serialVersionUID = 1L;

    public SpoolCorruptedException(String message) {
        super(message);
    }
}
