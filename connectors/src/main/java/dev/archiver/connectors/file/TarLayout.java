package dev.archiver.connectors.file;

import java.io.IOException;

/**
 * A plan as a chunk writer reads it: its summary, and its entries in stream order from any offset
 * on, so that rendering a byte range needs only the entries that range overlaps.
 */
public interface TarLayout extends PlanSummary {

    /**
     * The entries from the one whose region (headers, content, padding) holds {@code offset} to the
     * last; none if {@code offset} is in the trailer. Entries may be read as they are consumed:
     * close the cursor when done.
     */
    PlanEntries entriesFrom(long offset) throws IOException;
}
