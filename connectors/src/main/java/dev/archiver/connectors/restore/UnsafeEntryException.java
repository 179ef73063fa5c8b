package dev.archiver.connectors.restore;

/** An archive entry that a restore refuses to write, because of its name or its type. */
public class UnsafeEntryException extends RestoreException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The name starts with '/'. */
        ABSOLUTE,
        /** The name has a ".." segment. */
        PARENT_SEGMENT,
        /**
         * Writing it would go through a symlink (existing in the target or created by the archive).
         */
        THROUGH_SYMLINK,
        /**
         * A name that is no path below the target, e.g. a file named "." or a symlink without a
         * target.
         */
        INVALID_NAME,
        /** Hard links, devices, FIFOs and other types our archives never contain. */
        UNSUPPORTED_TYPE
    }

    private final String entryName;
    private final Reason reason;

    public UnsafeEntryException(String entryName, Reason reason, String detail) {
        super("refused archive entry '" + entryName + "' (" + reason + "): " + detail);
        this.entryName = entryName;
        this.reason = reason;
    }

    /** The entry's name exactly as the archive holds it. */
    public String entryName() {
        return entryName;
    }

    public Reason reason() {
        return reason;
    }
}
