package dev.archiver.connectors.verify;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.tier.TierKeys;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Structural rules a manifest must satisfy before its chunks can be trusted to describe one tar
 * stream: chunks numbered 0..n-1 in order, contiguous offsets, valid and distinct keys, hex
 * checksums, totals that add up.
 */
final class ManifestShape {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ARCHIVE_ID = Pattern.compile("[a-z0-9-]+");

    private ManifestShape() {}

    /** The first rule {@code manifest} breaks, or null if it has the right shape. */
    static String problem(Manifest manifest) {
        if (manifest.formatVersion() != Manifest.FORMAT_VERSION) {
            return "unsupported formatVersion " + manifest.formatVersion();
        }
        if (manifest.archiveId() == null || !ARCHIVE_ID.matcher(manifest.archiveId()).matches()) {
            return "invalid archiveId " + manifest.archiveId();
        }
        if (manifest.chunks().isEmpty()) {
            return "no chunks";
        }
        if (manifest.totals() == null) {
            return "no totals";
        }
        Set<String> keys = new HashSet<>();
        long offset = 0;
        long stored = 0;
        for (int i = 0; i < manifest.chunks().size(); i++) {
            ManifestChunk chunk = manifest.chunks().get(i);
            if (chunk == null || chunk.index() != i) {
                return "chunk at position " + i + " is not chunk " + i;
            }
            String keyProblem = keyProblem(chunk.key());
            if (keyProblem != null) {
                return "chunk " + i + ": " + keyProblem;
            }
            if (!keys.add(chunk.key())) {
                return "chunk " + i + ": key listed twice " + chunk.key();
            }
            if (chunk.offset() != offset || chunk.bytesIn() < 0 || chunk.bytesOut() <= 0) {
                return "chunk "
                        + i
                        + ": offset "
                        + chunk.offset()
                        + " (expected "
                        + offset
                        + "), bytesIn "
                        + chunk.bytesIn()
                        + ", bytesOut "
                        + chunk.bytesOut();
            }
            if (!isSha256(chunk.sha256In()) || !isSha256(chunk.sha256Out())) {
                return "chunk " + i + ": checksums are not lowercase hex SHA-256";
            }
            offset += chunk.bytesIn();
            stored += chunk.bytesOut();
        }
        if (manifest.totals().streamBytes() != offset
                || manifest.totals().storedBytes() != stored) {
            return "totals "
                    + manifest.totals()
                    + " do not match the chunks (streamBytes "
                    + offset
                    + ", storedBytes "
                    + stored
                    + ")";
        }
        return null;
    }

    private static String keyProblem(String key) {
        try {
            TierKeys.requireValidKey(key);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static boolean isSha256(String hex) {
        return hex != null && SHA256_HEX.matcher(hex).matches();
    }
}
