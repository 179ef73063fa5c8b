package dev.archiver.connectors.file;

import java.io.Closeable;
import java.io.IOException;

/** A forward-only cursor over a plan's entries in stream order. */
public interface PlanEntries extends Closeable {

    /** The next entry, or null after the last one. */
    TarEntry next() throws IOException;

    @Override
    default void close() throws IOException {}
}
