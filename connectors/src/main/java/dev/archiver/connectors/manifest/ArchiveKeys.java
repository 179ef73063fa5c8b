package dev.archiver.connectors.manifest;

import dev.archiver.connectors.Sha256;
import java.util.Locale;
import java.util.regex.Pattern;

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

    private static final String MANIFEST = "manifest.json";
    private static final String PLAN = "plan.json";
    private static final Pattern PLAN_PAGE = Pattern.compile("plan-page-[0-9]{6,}\\.json");

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
        return prefix(archiveId) + MANIFEST;
    }

    /** A run's plan: its index, or the whole plan in format 1. */
    public static String planKey(String archiveId) {
        return prefix(archiveId) + PLAN;
    }

    /**
     * Page {@code page} of the paged plan stored under {@code planKey}: derived from the plan's key
     * (which the chunk tasks carry) and beside it, so that whatever copies or deletes an archive's
     * prefix takes the pages along ("archives/x/plan.json" gives
     * "archives/x/plan-page-000000.json").
     */
    public static String planPageKey(String planKey, int page) {
        if (planKey == null || !planKey.endsWith(".json") || page < 0) {
            throw new IllegalArgumentException("no page " + page + " of plan " + planKey);
        }
        return planKey.substring(0, planKey.length() - ".json".length())
                + String.format(Locale.ROOT, "-page-%06d.json", page);
    }

    /**
     * Whether {@code name}, the part of a key after the archive's prefix, is its plan or a page of
     * it.
     */
    public static boolean isPlanObject(String name) {
        return PLAN.equals(name) || PLAN_PAGE.matcher(name).matches();
    }

    /** Whether {@code key} is an archive's manifest, plan or plan page. */
    public static boolean isMetadata(String key) {
        int slash = key.lastIndexOf('/');
        String name = key.substring(slash + 1);
        return MANIFEST.equals(name) || isPlanObject(name);
    }
}
