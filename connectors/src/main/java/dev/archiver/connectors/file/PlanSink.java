package dev.archiver.connectors.file;

import java.io.IOException;

/** Receives a plan from the planner as it walks the tree: placed entries in stream order. */
public interface PlanSink {

    void entry(TarEntry placed) throws IOException;

    /** A path that is neither file, directory nor symlink, left out of the stream. */
    void skipped(String path) throws IOException;
}
