package dev.archiver.connectors.tier;

import java.io.IOException;

/**
 * The storage behind a tier failed. {@link #retriable()} sorts the failure for the caller: a
 * retriable one (a 5xx, throttling, a timeout, a refused connection) may pass if the same call is
 * made again later; a permanent one (access denied, no such bucket, an invalid request) will not
 * pass until someone changes the setup, so retrying it only delays the report. A store has already
 * made its own bounded retries before it throws a retriable one. A missing key is not a failure of
 * the storage: that is {@link TierObjectNotFoundException}.
 */
public class TierStoreException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public TierStoreException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    public TierStoreException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** True when the same call may succeed later without anyone changing the setup. */
    public boolean retriable() {
        return retriable;
    }
}
