package dev.archiver.connectors.tier.s3;

import java.util.Optional;

/**
 * The text of a multipart object's SHA-256 side object: {@code ref=<reference>} and {@code
 * sha256=<hex>}.
 */
final class Sidecar {

    private Sidecar() {}

    static String format(String ref, String sha256) {
        return "ref=" + ref + "\nsha256=" + sha256 + "\n";
    }

    /** The SHA-256 if the text is a side object written for {@code ref}, else empty. */
    static Optional<String> sha256For(String text, String ref) {
        String foundRef = null;
        String sha256 = null;
        for (String line : text.lines().toList()) {
            if (line.startsWith("ref=")) {
                foundRef = line.substring(4).trim();
            } else if (line.startsWith("sha256=")) {
                sha256 = line.substring(7).trim();
            }
        }
        if (ref.equals(foundRef) && sha256 != null && sha256.matches("[0-9a-f]{64}")) {
            return Optional.of(sha256);
        }
        return Optional.empty();
    }
}
