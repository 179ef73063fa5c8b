package dev.archiver.connectors.paths;

import java.nio.file.FileSystemException;

/** A directory on the way down a tree is a symbolic link: walking on would leave the tree. */
public final class LinkInTheWayException extends FileSystemException {

    private static final long serialVersionUID = 1L;

    /**
     * @param relative the link's path below the root
     */
    public LinkInTheWayException(String relative) {
        super(relative, null, "is a symbolic link; not followed");
    }

    public String relative() {
        return getFile();
    }
}
