package dev.archiver.connectors.restore;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.ChunkCheck;
import dev.archiver.connectors.verify.CorruptArchiveException;
import dev.archiver.connectors.verify.VerifiedArchiveStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Restores a tar+zstd archive into a directory, verifying before writing:
 *
 * <ol>
 *   <li>every chunk exists with its recorded size (cheap, no content read);
 *   <li>a scan pass reads the whole stream once: each chunk's sha256Out, bytesIn and sha256In are
 *       checked at its end, and every entry's name, type, path and conflict is checked. Nothing is
 *       written yet;
 *   <li>a write pass reads it again and writes, re-checking everything (the tier could change in
 *       between). If it fails, whatever it created is removed again.
 * </ol>
 *
 * A restore never writes outside the target, never through a symlink, and never follows a restored
 * link. Two reads of every chunk are the price of "nothing is written unless all of it verifies"
 * without buffering the run anywhere.
 *
 * <p>A restore may be run again after a crash, with the {@link RestoreJournal} of the interrupted
 * attempt: what that attempt wrote is the restore's own, replaced rather than taken for a conflict,
 * and removed if this attempt fails. Anything else at the target is treated exactly as on a first
 * attempt.
 *
 * <p>Writes go through directory handles opened without following links, so another process
 * swapping a directory of the target for a link during the restore gets the restore refused, not
 * followed.
 */
public final class ArchiveRestorer {

    /** Group and others may read and enter, never write, whatever the archive recorded. */
    public static final int DEFAULT_UMASK = 022;

    private ArchiveRestorer() {}

    /**
     * Restores the archive into {@code target}, keeping the record of what it created in memory.
     *
     * @throws CorruptArchiveException a chunk is missing or differs from the manifest; nothing was
     *     written
     * @throws UnsafeEntryException an entry is absolute, has "..", goes through a symlink or is of
     *     a type we do not restore; nothing was written
     * @throws ConflictException an entry exists at the target and {@code policy} forbids it;
     *     nothing was written when detected in the scan (always, unless the target changes)
     * @throws RestoreException the manifest is not of an archive this can restore
     * @throws IOException reading the tier or writing the target failed (anything created removed)
     */
    public static RestoreResult restore(
            TierStore store,
            Manifest manifest,
            Path target,
            ConflictPolicy policy,
            RestoreListener listener)
            throws IOException {
        return restore(store, manifest, target, policy, listener, RestoreJournal.inMemory(target));
    }

    /**
     * As {@link #restore(TierStore, Manifest, Path, ConflictPolicy, RestoreListener)}, recording
     * every path it creates or replaces in {@code journal} as it goes. Paths the journal holds from
     * an earlier attempt are replaced whatever the policy (under SKIP too: they hold what this
     * restore wrote), and a failure in the write pass removes them along with this attempt's
     * (unless they replaced a file under OVERWRITE). A refusal before the write pass leaves them,
     * and the journal, as they are.
     *
     * @param journal of this target ({@link RestoreJournal#root()} equal to it); the caller closes
     *     it
     */
    public static RestoreResult restore(
            TierStore store,
            Manifest manifest,
            Path target,
            ConflictPolicy policy,
            RestoreListener listener,
            RestoreJournal journal)
            throws IOException {
        return restore(store, manifest, target, policy, listener, journal, DEFAULT_UMASK);
    }

    /**
     * As {@link #restore(TierStore, Manifest, Path, ConflictPolicy, RestoreListener,
     * RestoreJournal)}, with the archived modes masked by {@code umask} (as a process umask masks
     * the modes of files it creates).
     */
    public static RestoreResult restore(
            TierStore store,
            Manifest manifest,
            Path target,
            ConflictPolicy policy,
            RestoreListener listener,
            RestoreJournal journal,
            int umask)
            throws IOException {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(journal, "journal");
        requireRestorable(manifest);
        Path root = target.toAbsolutePath().normalize();
        if (!journal.root().equals(root)) {
            throw new IllegalArgumentException(
                    "journal of " + journal.root() + " for a restore into " + root);
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new RestoreException("target exists and is not a directory: " + root);
        }
        TargetTree tree = new TargetTree(root, journal);

        for (ManifestChunk chunk : manifest.chunks()) {
            ChunkCheck check = ArchiveVerifier.checkChunkSize(store, chunk);
            if (!check.ok()) {
                throw new CorruptArchiveException(check);
            }
        }
        if (umask < 0 || umask > 0777) {
            throw new IllegalArgumentException(
                    "umask must be between 000 and 777 (octal), got "
                            + Integer.toOctalString(umask));
        }
        scan(store, manifest, tree, policy);
        return write(store, manifest, new TreeWriter(tree, policy, listener, journal, umask));
    }

    private static void requireRestorable(Manifest manifest) throws RestoreException {
        String problem = ArchiveVerifier.shapeProblem(manifest);
        if (problem != null) {
            throw new RestoreException(
                    "malformed manifest of " + manifest.archiveId() + ": " + problem);
        }
        if (!"tar".equals(manifest.packing())
                || !"zstd".equals(manifest.compression())
                || !"none".equals(manifest.encryption())) {
            throw new RestoreException(
                    "cannot restore packing "
                            + manifest.packing()
                            + ", compression "
                            + manifest.compression()
                            + ", encryption "
                            + manifest.encryption()
                            + " (supported: tar, zstd, none)");
        }
    }

    private static void scan(
            TierStore store, Manifest manifest, TargetTree tree, ConflictPolicy policy)
            throws IOException {
        try (VerifiedArchiveStream archive = new VerifiedArchiveStream(store, manifest.chunks())) {
            try {
                RestoreScan scan = new RestoreScan(tree, policy);
                TarReader tar = new TarReader(archive);
                for (TarReader.Header header; (header = tar.next()) != null; ) {
                    scan.check(header);
                }
            } catch (CorruptArchiveException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Damaged bytes can look like a bad header or a hostile name before their chunk
                // ends; read
                // on, so the chunk hashes say whether this is really a corrupt archive.
                CorruptArchiveException corrupt = corruptionBehind(archive, e);
                if (corrupt != null) {
                    throw corrupt;
                }
                throw e;
            }
            archive.drain(); // the chunks after the end-of-archive marker are verified too
        }
    }

    /**
     * Reads the rest of the archive; the corruption found there (with {@code failure} attached), or
     * null.
     */
    private static CorruptArchiveException corruptionBehind(
            VerifiedArchiveStream archive, Exception failure) {
        try {
            archive.drain();
        } catch (CorruptArchiveException corrupt) {
            corrupt.addSuppressed(failure);
            return corrupt;
        } catch (IOException | RuntimeException other) {
            failure.addSuppressed(other);
        }
        return null;
    }

    private static RestoreResult write(TierStore store, Manifest manifest, TreeWriter writer)
            throws IOException {
        try (VerifiedArchiveStream archive = new VerifiedArchiveStream(store, manifest.chunks())) {
            writer.prepareTarget();
            TarReader tar = new TarReader(archive);
            for (TarReader.Header header; (header = tar.next()) != null; ) {
                writer.write(CheckedEntry.of(header), tar.content());
            }
            archive.drain();
            writer.finish();
            writer.close();
        } catch (IOException | RuntimeException | Error e) {
            writer.rollback(e);
            throw e;
        }
        return writer.result();
    }
}
