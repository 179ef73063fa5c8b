package dev.archiver.connectors.tier;

/**
 * The object is in a cold storage class (GLACIER, DEEP_ARCHIVE) and has no readable copy now: S3's
 * InvalidObjectState. Not retriable as it stands: a thaw has to be requested through {@link
 * ColdObjects} and waited for (hours, not a retry's seconds); {@link #state()} says where the thaw
 * is.
 */
public class ObjectFrozenException extends TierStoreException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient ThawState state;

    public ObjectFrozenException(String key, String storageClass, ThawState state) {
        super(
                "object "
                        + key
                        + " is in storage class "
                        + storageClass
                        + " and not readable until thawed (thaw "
                        + state
                        + ")",
                false);
        this.key = key;
        this.state = state;
    }

    public ObjectFrozenException(String key, Throwable cause) {
        super(
                "object " + key + " is in a cold storage class and not readable until thawed",
                cause,
                false);
        this.key = key;
        this.state = ThawState.frozen();
    }

    public String key() {
        return key;
    }

    public ThawState state() {
        return state;
    }
}
