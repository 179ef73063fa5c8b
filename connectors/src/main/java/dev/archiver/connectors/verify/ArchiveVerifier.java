package dev.archiver.connectors.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.archiver.connectors.Json;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.TierObjectNotFoundException;
import dev.archiver.connectors.tier.TierStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Integrity checks of archives in a tier. Findings are returned, not thrown, so a caller can report
 * every bad chunk of an archive; an {@link IOException} means the tier itself could not be read
 * (worth a retry). Every check streams: memory does not grow with object size.
 */
public final class ArchiveVerifier {

    private static final String ARCHIVES = "archives/";
    private static final String MANIFEST = "manifest.json";
    private static final String PLAN = "plan.json";

    private ArchiveVerifier() {}

    /**
     * Reads {@code archives/<id>/manifest.json}: MISSING if absent; MISMATCHED if its SHA-256
     * differs from {@code expectedSha256OrNull} (recorded at archive time; null skips that
     * comparison); UNREADABLE if it is not a well-formed manifest of this archive; otherwise OK
     * with the parsed manifest.
     */
    public static ManifestCheck checkManifest(
            TierStore store, String archiveId, String expectedSha256OrNull) throws IOException {
        String key = ArchiveKeys.manifestKey(archiveId);
        Manifest manifest = null;
        String parseError = null;
        String sha256;
        try (CountingDigestInputStream in = new CountingDigestInputStream(store.open(key))) {
            try {
                manifest = Json.MAPPER.readValue(new KeepOpen(in), Manifest.class);
            } catch (
                    JsonProcessingException
                            e) { // other IOExceptions are read errors of the tier: propagate
                parseError = e.getOriginalMessage();
            }
            in.drain(); // the hash covers every byte, also any after the JSON document
            sha256 = in.sha256();
        } catch (TierObjectNotFoundException e) {
            return new ManifestCheck(
                    archiveId, key, CheckKind.MISSING, "object " + key, "no object", null, null);
        }
        // A changed byte is reported as such even when it also breaks the JSON: it names the cause.
        if (expectedSha256OrNull != null && !expectedSha256OrNull.equals(sha256)) {
            return new ManifestCheck(
                    archiveId,
                    key,
                    CheckKind.MISMATCHED,
                    "sha256=" + expectedSha256OrNull,
                    "sha256=" + sha256,
                    null,
                    sha256);
        }
        String problem =
                parseError != null
                        ? "invalid JSON: " + parseError
                        : manifest == null ? "empty document" : ManifestShape.problem(manifest);
        if (problem == null && !archiveId.equals(manifest.archiveId())) {
            problem = "the manifest of archive " + manifest.archiveId();
        }
        if (problem != null) {
            return new ManifestCheck(
                    archiveId,
                    key,
                    CheckKind.UNREADABLE,
                    "a manifest of archive " + archiveId,
                    problem,
                    null,
                    sha256);
        }
        return new ManifestCheck(
                archiveId, key, CheckKind.OK, expectedSha256OrNull, sha256, manifest, sha256);
    }

    /**
     * Checks one chunk: MISSING, TRUNCATED (size differs from bytesOut), MISMATCHED (sha256Out
     * differs). When {@code deep}, also decompresses it: UNREADABLE if zstd fails on bytes that
     * hash correctly, MISMATCHED if bytesIn or sha256In differ. One read of the object either way.
     * A shallow check of an object store's chunk compares the store's recorded SHA-256 and reads
     * nothing. The result's {@link ChunkCheck#depth()} says which of these was done.
     */
    public static ChunkCheck checkChunk(TierStore store, ManifestChunk chunk, boolean deep)
            throws IOException {
        ChunkCheck size = checkChunkSize(store, chunk);
        if (!size.ok()) {
            return size;
        }
        if (!deep) {
            Optional<ChunkCheck> byStoredChecksum = checkByStoredChecksum(store, chunk);
            if (byStoredChecksum.isPresent()) {
                return byStoredChecksum.get();
            }
        }
        if (deep) {
            try (ChunkContentStream content = new ChunkContentStream(store, chunk)) {
                content.drain();
                return ChunkCheck.ok(chunk).at(ChunkCheck.Depth.CONTENT);
            } catch (CorruptArchiveException e) {
                return e.check().at(ChunkCheck.Depth.CONTENT);
            }
        }
        try (CountingDigestInputStream stored =
                new CountingDigestInputStream(store.open(chunk.key()))) {
            stored.drain();
            if (stored.count() != chunk.bytesOut()) { // replaced since the size was read
                return ChunkCheck.of(
                        chunk,
                        CheckKind.TRUNCATED,
                        "bytesOut=" + chunk.bytesOut(),
                        "bytesOut=" + stored.count());
            }
            String sha256Out = stored.sha256();
            return (sha256Out.equals(chunk.sha256Out())
                            ? ChunkCheck.ok(chunk)
                            : ChunkCheck.of(
                                    chunk,
                                    CheckKind.MISMATCHED,
                                    "sha256Out=" + chunk.sha256Out(),
                                    "sha256Out=" + sha256Out))
                    .at(ChunkCheck.Depth.STORED_BYTES);
        } catch (TierObjectNotFoundException e) { // deleted since the size was read
            return missing(chunk);
        }
    }

    /**
     * A shallow check of an object store's chunk without reading it: the SHA-256 the store keeps
     * for the object (S3 checked it against the bytes when they were uploaded) against the
     * manifest's. The only check a cold object (GLACIER, DEEP_ARCHIVE) allows without a thaw. Empty
     * for the filesystem tier, whose recorded hash says nothing of the bytes on disk now: it is
     * read.
     */
    static Optional<ChunkCheck> checkByStoredChecksum(TierStore store, ManifestChunk chunk)
            throws IOException {
        ObjectInfo info;
        try {
            info = store.stat(chunk.key());
        } catch (TierObjectNotFoundException e) {
            return Optional.of(missing(chunk));
        }
        if (ObjectInfo.FILESYSTEM.equals(info.storageClass()) || info.sha256().isEmpty()) {
            return Optional.empty();
        }
        String stored = info.sha256().get();
        return Optional.of(
                (stored.equals(chunk.sha256Out())
                                ? ChunkCheck.ok(chunk)
                                : ChunkCheck.of(
                                        chunk,
                                        CheckKind.MISMATCHED,
                                        "sha256Out=" + chunk.sha256Out(),
                                        "stored sha256=" + stored))
                        .at(ChunkCheck.Depth.STORED_CHECKSUM));
    }

    /** The cheap part of a check: the object exists and has the recorded size (no content read). */
    public static ChunkCheck checkChunkSize(TierStore store, ManifestChunk chunk)
            throws IOException {
        long size;
        try {
            size = store.size(chunk.key());
        } catch (TierObjectNotFoundException e) {
            return missing(chunk);
        }
        return size == chunk.bytesOut()
                ? ChunkCheck.ok(chunk)
                : ChunkCheck.of(
                        chunk,
                        CheckKind.TRUNCATED,
                        "bytesOut=" + chunk.bytesOut(),
                        "bytesOut=" + size);
    }

    /**
     * Objects under {@code archives/} that none of {@code manifests} references. Pass every
     * manifest of the tier: an archive counts as existing iff its manifest is in the collection.
     * Manifests themselves are never orphans, and a plan (plan.json and its pages) is legitimate
     * while its archive has a manifest; a plan.json without one is reported as {@link
     * Orphan.Kind#PLAN_WITHOUT_MANIFEST}, because its run may still be in flight, and stands for
     * its pages; pages without a plan.json (a planning in progress or cut short) are reported each,
     * of the same kind. The unreferenced chunks of an in-flight run are reported too, with their
     * archive id, for the same check.
     */
    public static List<Orphan> orphans(TierStore store, Collection<Manifest> manifests)
            throws IOException {
        Set<String> archived = new HashSet<>();
        Set<String> referenced = new HashSet<>();
        for (Manifest manifest : manifests) {
            archived.add(manifest.archiveId());
            manifest.chunks().forEach(chunk -> referenced.add(chunk.key()));
        }
        List<String> keys = store.list(ARCHIVES);
        Set<String> planned = new HashSet<>();
        for (String key : keys) {
            if (key.endsWith("/" + PLAN)) {
                planned.add(key.substring(ARCHIVES.length(), key.length() - PLAN.length() - 1));
            }
        }
        List<Orphan> orphans = new ArrayList<>();
        for (String key : keys) {
            if (referenced.contains(key)) {
                continue;
            }
            String[] parts = key.substring(ARCHIVES.length()).split("/", 2);
            String archiveId = parts.length == 2 ? parts[0] : null;
            String name = parts.length == 2 ? parts[1] : null;
            if (MANIFEST.equals(name)) {
                continue;
            }
            if (name != null && ArchiveKeys.isPlanObject(name)) {
                boolean standsIn = !PLAN.equals(name) && planned.contains(archiveId);
                if (!archived.contains(archiveId) && !standsIn) {
                    orphans.add(new Orphan(key, archiveId, Orphan.Kind.PLAN_WITHOUT_MANIFEST));
                }
                continue;
            }
            orphans.add(new Orphan(key, archiveId, Orphan.Kind.UNREFERENCED));
        }
        return orphans;
    }

    /**
     * Why {@code manifest} cannot describe a readable archive (chunk numbering, offsets, keys,
     * checksums, totals), or null if its shape is sound. Says nothing about the stored objects.
     */
    public static String shapeProblem(Manifest manifest) {
        return ManifestShape.problem(manifest);
    }

    private static ChunkCheck missing(ManifestChunk chunk) {
        return ChunkCheck.of(chunk, CheckKind.MISSING, "object " + chunk.key(), "no object");
    }

    /**
     * Jackson closes the stream it parsed; the digest still has to read what follows the document.
     */
    private static final class KeepOpen extends FilterInputStream {

        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller closes
        }
    }
}
