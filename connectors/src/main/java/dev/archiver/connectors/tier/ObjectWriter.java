package dev.archiver.connectors.tier;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams one object's bytes into a tier store and returns whatever it computed on the way (sizes,
 * hashes), so a writer never needs a full in-memory copy of what it stores. The stream is owned by
 * the store: closing it only flushes.
 */
@FunctionalInterface
public interface ObjectWriter<T> {

    T writeTo(OutputStream out) throws IOException;
}
