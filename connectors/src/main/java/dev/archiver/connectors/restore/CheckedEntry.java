package dev.archiver.connectors.restore;

import dev.archiver.connectors.restore.UnsafeEntryException.Reason;

/**
 * A tar entry that passed every check that needs no filesystem: a safe relative name and a
 * supported type.
 */
record CheckedEntry(TarReader.Header header, EntryName name, TarReader.Kind kind) {

    static CheckedEntry of(TarReader.Header header) throws UnsafeEntryException {
        EntryName name = EntryName.parse(header.name());
        TarReader.Kind kind = header.kind();
        if (kind == TarReader.Kind.OTHER) {
            throw new UnsafeEntryException(
                    header.name(),
                    Reason.UNSUPPORTED_TYPE,
                    header.typeDescription()
                            + " is not restored (archives of runs only hold files, directories and symlinks)");
        }
        if (name.isRoot() && kind != TarReader.Kind.DIRECTORY) {
            throw new UnsafeEntryException(
                    header.name(), Reason.INVALID_NAME, "a " + kind + " named like the target");
        }
        if (kind == TarReader.Kind.SYMLINK && header.linkName().isEmpty()) {
            throw new UnsafeEntryException(
                    header.name(), Reason.INVALID_NAME, "symlink without a target");
        }
        return new CheckedEntry(header, name, kind);
    }
}
