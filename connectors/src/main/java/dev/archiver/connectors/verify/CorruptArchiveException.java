package dev.archiver.connectors.verify;

import java.io.IOException;

/**
 * A stored chunk is not what its manifest recorded; {@link #check()} says which chunk and what was
 * found.
 */
public class CorruptArchiveException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient ChunkCheck check;

    public CorruptArchiveException(ChunkCheck check) {
        super(check.describe());
        this.check = check;
    }

    public CorruptArchiveException(ChunkCheck check, Throwable cause) {
        super(check.describe(), cause);
        this.check = check;
    }

    public ChunkCheck check() {
        return check;
    }

    public int chunkIndex() {
        return check.index();
    }

    public String key() {
        return check.key();
    }
}
