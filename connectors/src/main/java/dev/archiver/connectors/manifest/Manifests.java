package dev.archiver.connectors.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.archiver.connectors.Json;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Writes and reads manifests as pretty-printed JSON at {@link ArchiveKeys#manifestKey}. */
public final class Manifests {

    private Manifests() {}

    public static byte[] toJson(Manifest manifest) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise manifest", e);
        }
    }

    public static Manifest fromJson(InputStream json) throws IOException {
        Manifest manifest = Json.MAPPER.readValue(json, Manifest.class);
        if (manifest.formatVersion() != Manifest.FORMAT_VERSION) {
            throw new IOException("unsupported manifest formatVersion " + manifest.formatVersion());
        }
        return manifest;
    }

    /**
     * Stores the manifest (replacing an earlier one: same run, same key) and reports its SHA-256.
     */
    public static WrittenManifest write(TierStore store, Manifest manifest) throws IOException {
        byte[] json = toJson(manifest);
        String key = ArchiveKeys.manifestKey(manifest.archiveId());
        store.putBytes(key, json);
        return new WrittenManifest(key, store.location(key), json.length, Sha256.of(json));
    }

    public static Manifest read(TierStore store, String archiveId) throws IOException {
        try (InputStream in = store.open(ArchiveKeys.manifestKey(archiveId))) {
            return fromJson(in);
        }
    }
}
