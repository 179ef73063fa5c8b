package dev.archiver.connectors.restore;

import dev.archiver.connectors.restore.UnsafeEntryException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * An archive entry's name reduced to plain relative segments. Absolute names and ".." segments are
 * refused rather than "fixed": an archive that carries them was not written by us, and guessing
 * what it meant could put files where nobody expects them. Empty and "." segments carry no meaning
 * and are dropped.
 */
record EntryName(String raw, List<String> segments) {

    EntryName {
        segments = List.copyOf(segments);
    }

    static EntryName parse(String raw) throws UnsafeEntryException {
        if (raw.startsWith("/")) {
            throw new UnsafeEntryException(raw, Reason.ABSOLUTE, "absolute names are not restored");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/", -1)) { // empty segments are dropped below
            if (segment.equals("..")) {
                throw new UnsafeEntryException(
                        raw, Reason.PARENT_SEGMENT, "names with '..' are not restored");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return new EntryName(raw, segments);
    }

    /** "." or "./": the target directory itself. */
    boolean isRoot() {
        return segments.isEmpty();
    }

    /** The segments joined with '/', e.g. "a/b/c". */
    String relative() {
        return String.join("/", segments);
    }

    /** "a", "a/b" for "a/b/c": every directory the entry sits in, outermost first. */
    List<String> ancestors() {
        List<String> ancestors = new ArrayList<>();
        for (int i = 1; i < segments.size(); i++) {
            ancestors.add(String.join("/", segments.subList(0, i)));
        }
        return ancestors;
    }
}
