package dev.archiver.connectors.restore;

import dev.archiver.connectors.restore.TargetTree.Action;
import dev.archiver.connectors.restore.UnsafeEntryException.Reason;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The checks of the reading pass: every entry is checked (name, type, symlinks on its way,
 * conflicts) before anything reaches its final name, so a refused restore leaves the target as it
 * was. Symlinks the archive itself creates are not on disk yet, so they are tracked here: an entry
 * below one of them is refused up front.
 */
final class RestoreScan {

    private final TargetTree tree;
    private final ConflictPolicy policy;
    private final Set<String> archiveSymlinks = new HashSet<>();

    RestoreScan(TargetTree tree, ConflictPolicy policy) {
        this.tree = tree;
        this.policy = policy;
    }

    /**
     * What the entry would do to the target as it is now; null for the target itself ("./"), which
     * a restore never modifies.
     */
    Action check(CheckedEntry entry) throws IOException {
        EntryName name = entry.name();
        if (name.isRoot()) {
            return null;
        }
        for (String ancestor : name.ancestors()) {
            if (archiveSymlinks.contains(ancestor)) {
                throw new UnsafeEntryException(
                        name.raw(),
                        Reason.THROUGH_SYMLINK,
                        ancestor + " is a symlink created by this archive");
            }
        }
        if (entry.kind() == TarReader.Kind.DIRECTORY && archiveSymlinks.contains(name.relative())) {
            throw new UnsafeEntryException(
                    name.raw(),
                    Reason.THROUGH_SYMLINK,
                    "a directory over a symlink created by this archive");
        }
        tree.requireRealAncestors(name);
        Action action = tree.decide(entry.kind(), name, policy);
        if (entry.kind() == TarReader.Kind.SYMLINK
                && (action == Action.CREATE || action == Action.REPLACE)) {
            archiveSymlinks.add(name.relative());
        }
        return action;
    }
}
