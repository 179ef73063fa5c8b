package dev.archiver.connectors.spool;

import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.paths.PrivateFiles;
import dev.archiver.connectors.tier.FilesystemTierStore;
import dev.archiver.connectors.tier.ForwardingTierStore;
import dev.archiver.connectors.tier.TierObjectNotFoundException;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An object-store tier whose plan objects (a run's plan index and pages) are also kept on local
 * disk, and read from there while the store is unreachable. A chunk is packed from its plan's
 * pages: without a local copy of them, no chunk could go to the spool during an outage, only wait.
 *
 * <p>Plans are written through it (the planner's copy) and copied when read from the store and not
 * yet here. The store stays the source of truth: the local copy is read only when the store fails
 * for a retriable reason. Copies are named by the SHA-256 of the object's location, and those older
 * than {@code keepFor} are deleted at start and then at most hourly; no other file is touched.
 */
public final class PlanCopies extends ForwardingTierStore {

    private static final Logger LOG = LoggerFactory.getLogger(PlanCopies.class);
    private static final Pattern COPY = Pattern.compile("[0-9a-f]{64}");
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final FilesystemTierStore local;
    private final Path dir;
    private final Duration keepFor;
    private final Clock clock;
    private volatile Instant nextSweep;

    public PlanCopies(TierStore delegate, Path dir, Duration keepFor, Clock clock)
            throws IOException {
        super(delegate);
        this.dir = PrivateFiles.createDirectories(dir);
        this.local = new FilesystemTierStore(dir);
        this.keepFor = keepFor;
        this.clock = clock;
        sweep();
    }

    /** The store the copies are of. */
    public TierStore copied() {
        return delegate;
    }

    @Override
    public void putBytes(String key, byte[] bytes) throws IOException {
        delegate.putBytes(key, bytes);
        if (isPlanObject(key)) {
            keep(key, bytes);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        if (!isPlanObject(key)) {
            return delegate.open(key);
        }
        byte[] bytes;
        try (InputStream in = delegate.open(key)) {
            bytes = in.readAllBytes();
        } catch (TierStoreException e) {
            if (!e.retriable()) {
                throw e;
            }
            try {
                InputStream copy = local.open(copyName(key));
                LOG.info(
                        "event=plan_read_from_local_copy key={} (the tier is unreachable: {})",
                        key,
                        e.getMessage());
                return copy;
            } catch (TierObjectNotFoundException noCopy) {
                throw e;
            }
        }
        if (!local.exists(copyName(key)) || local.size(copyName(key)) != bytes.length) {
            keep(key, bytes);
        }
        return new ByteArrayInputStream(bytes);
    }

    /** A copy is a convenience: failing to keep one never fails the write or read. */
    private void keep(String key, byte[] bytes) {
        try {
            local.putBytes(copyName(key), bytes);
        } catch (IOException e) {
            LOG.warn("event=plan_copy_failed key={} error=\"{}\"", key, e.getMessage());
        }
        if (clock.instant().isAfter(nextSweep)) {
            sweep();
        }
    }

    private void sweep() {
        nextSweep = clock.instant().plus(SWEEP_EVERY);
        Instant expired = clock.instant().minus(keepFor);
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(f -> COPY.matcher(f.getFileName().toString()).matches()).toList();
        } catch (IOException e) {
            LOG.warn("event=plan_copies_sweep_failed error=\"{}\"", e.getMessage());
            return;
        }
        for (Path file : files) {
            try {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(expired)) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                LOG.warn("event=plan_copy_not_deleted file={} error=\"{}\"", file, e.getMessage());
            }
        }
    }

    private String copyName(String key) {
        return Sha256.of(delegate.location(key));
    }

    private static boolean isPlanObject(String key) {
        return ArchiveKeys.isPlanObject(key.substring(key.lastIndexOf('/') + 1));
    }
}
