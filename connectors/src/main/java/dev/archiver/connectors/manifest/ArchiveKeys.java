package dev.archiver.connectors.manifest;

import dev.archiver.connectors.Sha256;
import java.util.Locale;

/**
 * Deterministic names for a run's archive. The same run id always gives the same archive id and
 * keys, which is what makes every storage write safe to repeat. Changing anything here orphans
 * existing archives.
 */
public final class ArchiveKeys {

    static final int MAX_SLUG = 40;
    static final int HASH_CHARS =
            16; // 64 bits of SHA-256: only run ids that slugify alike rely on it

    /** Six digits keep {@code chunk-*} in stream order under a shell glob. */
    public static final int MAX_CHUNKS = 1_000_000;

    private ArchiveKeys() {}

    /**
     * A readable, filesystem- and URL-safe id: the run id lowercased with every run of other
     * characters turned into '-', cut to 40 characters, then '-' and 16 hex digits of the run id's
     * SHA-256 ("/daq/run_records/12500" gives "daq-run-records-12500-" + hash).
     */
    public static String archiveId(String runId) {
        if (runId == null || runId.isEmpty()) {
            throw new IllegalArgumentException("run id must not be empty");
        }
        String slug = runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG);
        }
        slug = slug.replaceAll("^-+|-+$", "");
        String hash = Sha256.of(runId).substring(0, HASH_CHARS);
        return (slug.isEmpty() ? "run" : slug) + "-" + hash;
    }

    /** The folder-like prefix that holds everything of one archive. */
    public static String prefix(String archiveId) {
        if (archiveId == null || !archiveId.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("not an archive id: " + archiveId);
        }
        return "archives/" + archiveId + "/";
    }

    public static String chunkKey(String archiveId, int index) {
        if (index < 0 || index >= MAX_CHUNKS) {
            throw new IllegalArgumentException(
                    "chunk index out of range 0.." + (MAX_CHUNKS - 1) + ": " + index);
        }
        return prefix(archiveId) + String.format(Locale.ROOT, "chunk-%06d.tar.zst", index);
    }

    public static String manifestKey(String archiveId) {
        return prefix(archiveId) + "manifest.json";
    }
}
