package dev.archiver.connectors.tier;

import java.io.IOException;

/** The key names no object in the tier (any store, not only the filesystem). */
public class TierObjectNotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public TierObjectNotFoundException(String key) {
        super("no object under key " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
