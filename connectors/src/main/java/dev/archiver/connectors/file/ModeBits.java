package dev.archiver.connectors.file;

import java.nio.file.attribute.PosixFilePermission;

/** The octal mode bit (as in a tar header or {@code chmod}) of each POSIX permission. */
public final class ModeBits {

    private ModeBits() {}

    /**
     * {@code 0400} for {@link PosixFilePermission#OWNER_READ} down to {@code 01} for {@code
     * OTHERS_EXECUTE}.
     */
    public static int of(PosixFilePermission permission) {
        return switch (permission) {
            case OWNER_READ -> 0400;
            case OWNER_WRITE -> 0200;
            case OWNER_EXECUTE -> 0100;
            case GROUP_READ -> 040;
            case GROUP_WRITE -> 020;
            case GROUP_EXECUTE -> 010;
            case OTHERS_READ -> 04;
            case OTHERS_WRITE -> 02;
            case OTHERS_EXECUTE -> 01;
        };
    }
}
