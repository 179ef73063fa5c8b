package dev.archiver.connectors.verify;

/**
 * An object under {@code archives/} that no manifest references.
 *
 * @param archiveId the archive folder it sits in, null if the key is not of the form
 *     archives/&lt;id&gt;/name
 */
public record Orphan(String key, String archiveId, Kind kind) {

    public enum Kind {
        /**
         * Referenced by no manifest: a chunk of a failed or abandoned run, or any other leftover.
         */
        UNREFERENCED,
        /**
         * A plan.json whose archive has no manifest, or a page of a plan that has no plan.json
         * (yet). Normal while that run is still in flight, so the caller must check the run state
         * before treating it (and the run's chunks) as garbage.
         */
        PLAN_WITHOUT_MANIFEST
    }
}
