package dev.archiver.connectors.tier;

/**
 * The bytes read back do not hash to the SHA-256 the store recorded when it wrote the object: the
 * stored object is corrupt (or was replaced behind the store's back). Permanent: reading it again
 * gives the same bytes.
 */
public class TierChecksumMismatchException extends TierStoreException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String expected;
    private final String actual;

    public TierChecksumMismatchException(String key, String expected, String actual) {
        super(
                "object "
                        + key
                        + " does not match its recorded checksum: sha256 "
                        + actual
                        + ", recorded "
                        + expected,
                false);
        this.key = key;
        this.expected = expected;
        this.actual = actual;
    }

    public String key() {
        return key;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
