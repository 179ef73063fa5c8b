package dev.archiver.connectors.spool;

import dev.archiver.connectors.Json;
import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.paths.PrivateFiles;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.TierObjectNotFoundException;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A bounded local directory where packed chunks wait while the object store of their tier is
 * unreachable, so a run goes on reading and packing its source during an outage and only the
 * uploads are left when the store is back.
 *
 * <p>Each entry is two objects in a {@link FilesystemTierStore} (atomic, fsynced): the chunk's
 * bytes, then a small JSON record of what packing produced. The record is written last, so an entry
 * without one is a crash mid-spool and is deleted at open. Entry names are the SHA-256 of the tier
 * and key: ids never become file names, and only names of that shape are ever deleted. The drain
 * copies the bytes to the tier while hashing them and publishes the object only if they still match
 * the SHA-256 recorded at packing.
 *
 * <p>Room is reserved before packing (a chunk's uncompressed length bounds what it stores), so the
 * spool never holds more than {@link #maxBytes()}; a chunk that finds no room waits for the store
 * instead. Thread-safe: every chunk-pool thread shares one spool.
 */
public final class ChunkSpool {

    private static final Pattern DATA = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RECORD = Pattern.compile("[0-9a-f]{64}\\.json");
    private static final String RECORD_SUFFIX = ".json";
    private static final int BUFFER = 128 * 1024;

    private final FilesystemTierStore files;
    private final long maxBytes;
    private final Clock clock;
    private long usedBytes;
    private int chunks;

    private ChunkSpool(FilesystemTierStore files, long maxBytes, Clock clock) {
        this.files = files;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** No spool: every chunk that cannot reach its tier waits for it. */
    public static ChunkSpool disabled() {
        return new ChunkSpool(null, 0, Clock.systemUTC());
    }

    /**
     * Opens the spool under {@code dir}, keeping what a previous process left (the jobs that
     * spooled it resume and drain it) except incomplete entries and entries older than {@code
     * keepFor}: a chunk whose job moved to another instance is packed there again from its source,
     * so an unclaimed entry is only a copy.
     */
    public static ChunkSpool open(Path dir, long maxBytes, Duration keepFor, Clock clock)
            throws IOException {
        if (maxBytes <= 0) {
            return disabled();
        }
        PrivateFiles.createDirectories(dir);
        ChunkSpool spool = new ChunkSpool(new FilesystemTierStore(dir), maxBytes, clock);
        spool.sweep(dir, clock.instant().minus(keepFor));
        return spool;
    }

    public boolean enabled() {
        return files != null;
    }

    /** The chunk spooled for {@code key} of {@code tier}, if there is one. */
    public Optional<SpooledChunk> find(String tier, String key) throws IOException {
        if (!enabled()) {
            return Optional.empty();
        }
        String name = entryName(tier, key);
        try (InputStream in = files.open(name + RECORD_SUFFIX)) {
            return Optional.of(Json.MAPPER.readValue(in, SpoolRecord.class).chunk());
        } catch (TierObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Packs a chunk into the spool, if there is room for {@code maxStoredBytes}.
     *
     * @param packing packs the chunk into the given store under the given key
     * @return empty when the spool has no room for it
     */
    public Optional<SpooledChunk> spool(
            String tier, String key, long maxStoredBytes, ChunkPacking packing) throws IOException {
        if (!enabled() || !reserve(maxStoredBytes)) {
            return Optional.empty();
        }
        String name = entryName(tier, key);
        long stored = 0;
        try {
            PackedChunk packed = packing.packInto(files, name);
            stored = packed.bytesOut();
            SpooledChunk chunk =
                    new SpooledChunk(
                            tier,
                            new PackedChunk(
                                    packed.index(),
                                    key,
                                    packed.offset(),
                                    packed.bytesIn(),
                                    packed.bytesOut(),
                                    packed.sha256In(),
                                    packed.sha256Out(),
                                    packed.level()),
                            clock.instant());
            files.putBytes(
                    name + RECORD_SUFFIX, Json.MAPPER.writeValueAsBytes(SpoolRecord.of(chunk)));
            return Optional.of(chunk);
        } catch (IOException | RuntimeException e) {
            stored = 0;
            files.delete(name);
            throw e;
        } finally {
            settle(maxStoredBytes, stored);
        }
    }

    /**
     * Copies a spooled chunk to {@code target} under its key, checking its bytes against the
     * SHA-256 recorded at packing, then removes it from the spool.
     *
     * @throws SpoolCorruptedException if the bytes changed in the spool: the entry is removed and
     *     nothing is published
     */
    public PackedChunk drain(SpooledChunk chunk, TierStore target) throws IOException {
        PackedChunk packed = chunk.packed();
        String name = entryName(chunk.tier(), packed.key());
        try {
            target.put(packed.key(), out -> copyChecked(name, packed, out));
        } catch (SpoolCorruptedException e) {
            remove(chunk);
            throw e;
        }
        remove(chunk);
        return packed;
    }

    private Void copyChecked(String name, PackedChunk packed, java.io.OutputStream out)
            throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long copied = 0;
        try (InputStream in = files.open(name)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                copied += n;
            }
        } catch (TierObjectNotFoundException e) {
            throw new SpoolCorruptedException("spooled chunk " + packed.key() + " is missing");
        }
        String sha256 = Sha256.hex(digest.digest());
        if (copied != packed.bytesOut() || !sha256.equals(packed.sha256Out())) {
            // Thrown from inside the writer: the store publishes nothing.
            throw new SpoolCorruptedException(
                    "spooled chunk "
                            + packed.key()
                            + " changed on local disk: "
                            + copied
                            + " bytes with SHA-256 "
                            + sha256
                            + ", packed as "
                            + packed.bytesOut()
                            + " bytes with "
                            + packed.sha256Out());
        }
        return null;
    }

    /** Drops a spooled chunk: its record first, so a crash in between leaves no claimable entry. */
    public void remove(SpooledChunk chunk) throws IOException {
        String name = entryName(chunk.tier(), chunk.packed().key());
        boolean had = files.exists(name + RECORD_SUFFIX);
        files.delete(name + RECORD_SUFFIX);
        files.delete(name);
        if (had) {
            release(chunk.packed().bytesOut());
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }

    /** Chunks spooled and waiting to be drained. */
    public synchronized int chunks() {
        return chunks;
    }

    private synchronized boolean reserve(long bytes) {
        if (usedBytes + bytes > maxBytes) {
            return false;
        }
        usedBytes += bytes;
        return true;
    }

    /** Trades a reservation for what was stored (zero when packing failed). */
    private synchronized void settle(long reserved, long stored) {
        usedBytes += stored - reserved;
        if (stored > 0) {
            chunks++;
        }
    }

    private synchronized void release(long stored) {
        usedBytes -= stored;
        chunks--;
    }

    private void sweep(Path dir, Instant expired) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> listed = Files.list(dir)) {
            listed.forEach(all::add);
        }
        for (Path file : all) {
            String name = file.getFileName().toString();
            if (DATA.matcher(name).matches()) {
                if (!Files.exists(dir.resolve(name + RECORD_SUFFIX))) {
                    Files.deleteIfExists(file); // packing never finished
                }
            } else if (RECORD.matcher(name).matches()) {
                String data = name.substring(0, name.length() - RECORD_SUFFIX.length());
                Path bytes = dir.resolve(data);
                if (!Files.exists(bytes)
                        || Files.getLastModifiedTime(file).toInstant().isBefore(expired)) {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(bytes);
                } else {
                    usedBytes += Files.size(bytes);
                    chunks++;
                }
            }
        }
    }

    private static String entryName(String tier, String key) {
        return Sha256.of(tier + "\n" + key);
    }

    /** Packs one chunk into a store under a key it is given. */
    @FunctionalInterface
    public interface ChunkPacking {
        PackedChunk packInto(TierStore store, String key) throws IOException;
    }

    /** The spool's record of an entry, as stored. */
    record SpoolRecord(
            int formatVersion,
            String tier,
            String key,
            int index,
            long offset,
            long bytesIn,
            long bytesOut,
            String sha256In,
            String sha256Out,
            int level,
            String spooledAt) {

        static SpoolRecord of(SpooledChunk chunk) {
            PackedChunk p = chunk.packed();
            return new SpoolRecord(
                    1,
                    chunk.tier(),
                    p.key(),
                    p.index(),
                    p.offset(),
                    p.bytesIn(),
                    p.bytesOut(),
                    p.sha256In(),
                    p.sha256Out(),
                    p.level(),
                    chunk.spooledAt().toString());
        }

        SpooledChunk chunk() {
            return new SpooledChunk(
                    tier,
                    new PackedChunk(
                            index, key, offset, bytesIn, bytesOut, sha256In, sha256Out, level),
                    Instant.parse(spooledAt));
        }
    }
}
