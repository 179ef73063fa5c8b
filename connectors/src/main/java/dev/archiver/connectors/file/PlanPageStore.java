package dev.archiver.connectors.file;

import java.io.IOException;
import java.io.InputStream;

/** Where the pages of one paged plan are kept: a tier in the service, memory in tests. */
public interface PlanPageStore {

    void put(int page, byte[] json) throws IOException;

    InputStream open(int page) throws IOException;

    /** Keeps nothing: for a dry run, which only wants the plan's summary. */
    static PlanPageStore discarding() {
        return new PlanPageStore() {
            @Override
            public void put(int page, byte[] json) {}

            @Override
            public InputStream open(int page) {
                throw new UnsupportedOperationException("the pages of this plan were not kept");
            }
        };
    }
}
