package dev.archiver.connectors.file;

import dev.archiver.connectors.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One stored page of a paged plan: consecutive entries in stream order.
 *
 * @param page its number in the plan's index, stored so a page read back can be checked
 */
public record PlanPage(int formatVersion, int page, List<TarEntry> entries) {

    public PlanPage {
        if (formatVersion != PlanIndex.FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "unsupported plan page formatVersion " + formatVersion);
        }
        entries = List.copyOf(entries);
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise plan page " + page, e);
        }
    }

    public static PlanPage fromJson(InputStream json) throws IOException {
        return Json.MAPPER.readValue(json, PlanPage.class);
    }
}
