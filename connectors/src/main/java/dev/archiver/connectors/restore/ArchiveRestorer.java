package dev.archiver.connectors.restore;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.manifest.ManifestChunk;
import dev.archiver.connectors.restore.TargetTree.Action;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.verify.ArchiveVerifier;
import dev.archiver.connectors.verify.ChunkCheck;
import dev.archiver.connectors.verify.CorruptArchiveException;
import dev.archiver.connectors.verify.ReadAheadArchiveStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Restores a tar+zstd archive into a directory, verifying before anything is visible:
 *
 * <ol>
 *   <li>every chunk exists with its recorded size (cheap, no content read);
 *   <li>one reading pass decompresses every chunk once, on a thread of its own ({@link
 *       ReadAheadArchiveStream}), checking each chunk's sha256Out, bytesIn and sha256In at its end,
 *       while this thread checks every entry's name, type, path and conflict and writes file
 *       contents into the restore's {@link StagingArea}, out of sight under names of its own. A
 *       refusal or a chunk that fails its hash ends the restore here: the staging area is removed
 *       and nothing ever reached a final name;
 *   <li>when the last chunk has verified, entries are put in place in archive order, re-checking
 *       each against the target as it is then: directories made, staged files renamed into place,
 *       links made. If that fails, whatever it created is removed again.
 * </ol>
 *
 * A restore never writes outside the target, never through a symlink, and never follows a restored
 * link. Each chunk is read and decompressed once, and the decompressing and the writing run on two
 * cores at once; the price of "nothing is visible unless all of it verifies" is a rename per file.
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
     *     put in place
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
     * restore wrote), and a failure while entries are put in place removes them along with this
     * attempt's (unless they replaced a file under OVERWRITE). A refusal or corruption found while
     * the archive is read leaves them, and their records in the journal, as they are.
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
        TreeWriter writer = new TreeWriter(tree, policy, listener, journal, umask);
        List<Staged> staged;
        try {
            writer.prepareTarget();
            writer.openStaging();
            staged = readAndStage(store, manifest, tree, policy, writer);
        } catch (IOException | RuntimeException | Error e) {
            writer.discardStaged(e);
            throw e;
        }
        return putInPlace(staged, writer);
    }

    /** A tar entry read and checked, and the staging name of its content if it was staged. */
    private record Staged(TarReader.Header header, Path content) {}

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

    /**
     * The one reading pass: entries checked, file contents staged; returns when every chunk has
     * verified.
     */
    private static List<Staged> readAndStage(
            TierStore store,
            Manifest manifest,
            TargetTree tree,
            ConflictPolicy policy,
            TreeWriter writer)
            throws IOException {
        List<Staged> staged = new ArrayList<>();
        try (ReadAheadArchiveStream archive =
                new ReadAheadArchiveStream(
                        store,
                        manifest.chunks(),
                        "archiver-restore-read-" + Thread.currentThread().getName())) {
            try {
                RestoreScan scan = new RestoreScan(tree, policy);
                TarReader tar = new TarReader(archive);
                for (TarReader.Header header; (header = tar.next()) != null; ) {
                    CheckedEntry entry = CheckedEntry.of(header);
                    Action action = scan.check(entry);
                    Path content = null;
                    if (entry.kind() == TarReader.Kind.FILE
                            && action != null
                            && action != Action.SKIP) {
                        content = writer.stage(header, tar.content());
                    }
                    staged.add(new Staged(header, content));
                }
            } catch (CorruptArchiveException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Damaged bytes can look like a bad header or a hostile name before their chunk
                // ends; read on, so the chunk hashes say whether this is really a corrupt archive.
                CorruptArchiveException corrupt = corruptionBehind(archive, e);
                if (corrupt != null) {
                    throw corrupt;
                }
                throw e;
            }
            archive.drain(); // the chunks after the end-of-archive marker are verified too
        }
        return staged;
    }

    /**
     * Reads the rest of the archive; the corruption found there (with {@code failure} attached), or
     * null.
     */
    private static CorruptArchiveException corruptionBehind(
            ReadAheadArchiveStream archive, Exception failure) {
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

    /** Every chunk verified and every entry checked: entries go to their final names. */
    private static RestoreResult putInPlace(List<Staged> staged, TreeWriter writer)
            throws IOException {
        try {
            writer.beginApply();
            for (Staged entry : staged) {
                writer.write(CheckedEntry.of(entry.header()), entry.content());
            }
            writer.finish();
            writer.removeStaging();
            writer.close();
        } catch (IOException | RuntimeException | Error e) {
            writer.rollback(e);
            throw e;
        }
        return writer.result();
    }
}
