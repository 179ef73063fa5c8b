package dev.archiver.connectors.file;

/**
 * The kinds of tree entries an archive keeps; anything else (sockets, FIFOs, devices) is skipped at
 * planning.
 */
public enum EntryType {
    DIRECTORY,
    FILE,
    SYMLINK
}
