package dev.archiver.connectors.file;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * The source could not be read as planned. The reason maps one-to-one to a failure reason code, so
 * the caller can tell "retry later" (unreadable) from "re-plan the run" (changed) from "gone" (not
 * found). The message names the path only: exception messages end up in DLQ headers and logs.
 */
public class SourceReadException extends IOException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        SOURCE_NOT_FOUND,
        SOURCE_UNREADABLE,
        SOURCE_CHANGED
    }

    private final Reason reason;
    private final String path;

    public SourceReadException(Reason reason, String path, String detail) {
        super(reason + " " + path + ": " + detail);
        this.reason = reason;
        this.path = path;
    }

    public SourceReadException(Reason reason, String path, String detail, Throwable cause) {
        this(reason, path, detail);
        initCause(cause);
    }

    /** Maps an I/O failure on {@code path} to the reason a caller can act on. */
    public static SourceReadException classify(String path, IOException e) {
        if (e instanceof SourceReadException already) {
            return already;
        }
        if (e instanceof NoSuchFileException) {
            return new SourceReadException(Reason.SOURCE_NOT_FOUND, path, "no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new SourceReadException(Reason.SOURCE_UNREADABLE, path, "permission denied", e);
        }
        return new SourceReadException(
                Reason.SOURCE_UNREADABLE, path, e.getClass().getSimpleName(), e);
    }

    public Reason reason() {
        return reason;
    }

    /** The entry's path relative to the planned root ("" for the root itself). */
    public String path() {
        return path;
    }
}
