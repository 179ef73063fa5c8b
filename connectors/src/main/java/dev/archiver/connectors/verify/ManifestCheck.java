package dev.archiver.connectors.verify;

import dev.archiver.connectors.manifest.Manifest;

/**
 * The result of checking an archive's manifest.
 *
 * @param manifest the parsed manifest when {@code kind} is OK, else null
 * @param sha256 SHA-256 of the stored manifest bytes, null when there is no object
 */
public record ManifestCheck(
        String archiveId,
        String key,
        CheckKind kind,
        String expected,
        String actual,
        Manifest manifest,
        String sha256) {

    public boolean ok() {
        return kind == CheckKind.OK;
    }

    public String describe() {
        String what = "manifest " + key + " " + kind;
        return ok() ? what : what + ": expected " + expected + ", found " + actual;
    }
}
