package dev.archiver.connectors.restore;

import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.paths.FileIdentity;
import dev.archiver.connectors.restore.JournalFile.Line;
import dev.archiver.connectors.restore.JournalFile.Op;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The paths a restore created or replaced in its target, kept as it goes so that a restore run
 * again after a crash knows which of the files in its way are its own: an interrupted attempt's
 * output is replaced rather than taken for a conflict, and removed again if the restore finally
 * fails. It is also the full list of what the restore put there (all attempts), for removing the
 * restored copy when it expires.
 *
 * <p>Paths are kept relative to the target, so nothing read back can point outside it. A path is
 * recorded once it is in place, so a crash between a rename and its record leaves one file the next
 * attempt takes for a conflict; recording before the rename would instead claim a path that may
 * never have been ours. Keep the journal file outside the target: a restore could otherwise
 * overwrite it with archive content.
 *
 * <p>One restore at a time: the file is locked while open.
 */
public final class RestoreJournal implements AutoCloseable {

    public enum Origin {
        /** Nothing was there before the restore: removed on rollback. */
        CREATED,
        /**
         * Replaced under OVERWRITE: the original is gone, so the archive's content stays on
         * rollback.
         */
        REPLACED
    }

    private static final String STAGING_PREFIX = ".restore-staging-";

    private final Path root;
    private final JournalFile file; // null: in memory only
    private final String stagingName;

    /**
     * What the restore put at a path, and whether anything was there before the restore (not before
     * an attempt).
     */
    public record Entry(String relative, Origin origin, FileIdentity identity) {}

    /** In the order first recorded. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private final Set<String> earlier = new HashSet<>();

    private RestoreJournal(Path root, JournalFile file, String stagingName) {
        this.root = root;
        this.file = file;
        this.stagingName = stagingName;
    }

    /**
     * Opens the journal of a restore into {@code targetRoot}, with what earlier attempts recorded
     * if {@code journalFile} exists (a torn last record, from a crash while writing it, is
     * dropped).
     *
     * @throws IOException the file is not a restore journal, holds a record it cannot read, or
     *     another restore has it open
     */
    public static RestoreJournal open(Path journalFile, Path targetRoot) throws IOException {
        Path root = normalized(targetRoot);
        Path file = normalized(journalFile);
        if (file.startsWith(root)) {
            throw new IllegalArgumentException("journal " + file + " is inside the target " + root);
        }
        List<Line> lines = new ArrayList<>();
        RestoreJournal journal =
                new RestoreJournal(
                        root,
                        JournalFile.open(file, lines),
                        STAGING_PREFIX + Sha256.of(file.toString()).substring(0, 32));
        for (Line line : lines) {
            journal.apply(line);
        }
        journal.earlier.addAll(journal.entries.keySet());
        return journal;
    }

    /** A journal that lives as long as the restore: for callers that never run a restore again. */
    public static RestoreJournal inMemory(Path targetRoot) {
        return new RestoreJournal(
                normalized(targetRoot),
                null,
                STAGING_PREFIX + UUID.randomUUID().toString().replace("-", ""));
    }

    /**
     * The name of the directory at the top of the target where this restore stages file contents
     * until all of them verify (see {@link StagingArea}): the same for every attempt with this
     * journal file, so a rerun finds what a crashed attempt staged.
     */
    String stagingName() {
        return stagingName;
    }

    /** The target, absolute and normalized, as a restore compares it. */
    public Path root() {
        return root;
    }

    /**
     * Every path recorded by this attempt and earlier ones, in the order first recorded, less those
     * a rollback removed.
     */
    public synchronized List<Path> paths() {
        return entries.keySet().stream().map(root::resolve).toList();
    }

    /**
     * What the restore created where nothing was before, with the identity it had then: all that
     * {@link RestoreCleaner} may remove when the restored copy expires or the restore fails.
     */
    public synchronized List<Entry> created() {
        return entries.values().stream().filter(entry -> entry.origin() == Origin.CREATED).toList();
    }

    @Override
    public synchronized void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }

    /** True if an earlier attempt put {@code path} there: this restore's own, not a conflict. */
    synchronized boolean fromEarlierAttempt(Path path) {
        return earlier.contains(relative(path));
    }

    synchronized void created(Path path, FileIdentity identity) throws IOException {
        record(path, Op.CREATED, identity);
    }

    /**
     * An own path replaced again keeps its first record's origin, which says what was there before
     * the restore, with the identity of what is there now.
     */
    synchronized void replaced(Path path, FileIdentity identity) throws IOException {
        record(path, Op.REPLACED, identity);
    }

    /** After a rollback: these are gone, so whatever appears there later is not the restore's. */
    synchronized void removed(Collection<Path> paths) throws IOException {
        for (Path path : paths) {
            String name = relative(path);
            if (entries.containsKey(name)) {
                append(new Line(Op.REMOVED, name, null));
            }
        }
    }

    private void record(Path path, Op op, FileIdentity identity) throws IOException {
        String name = relative(path);
        Entry known = entries.get(name);
        if (known == null || !Objects.equals(known.identity(), identity)) {
            append(
                    new Line(
                            known == null
                                    ? op
                                    : known.origin() == Origin.CREATED ? Op.CREATED : Op.REPLACED,
                            name,
                            identity));
        }
    }

    /** Writes first, then remembers: memory never claims what the file does not hold. */
    private void append(Line line) throws IOException {
        if (file != null) {
            file.append(line);
        }
        apply(line);
    }

    private void apply(Line line) {
        switch (line.op()) {
            case CREATED, REPLACED -> {
                Entry known = entries.get(line.name());
                Origin origin =
                        known != null
                                ? known.origin()
                                : line.op() == Op.CREATED ? Origin.CREATED : Origin.REPLACED;
                entries.put(line.name(), new Entry(line.name(), origin, line.identity()));
            }
            case REMOVED -> {
                entries.remove(line.name());
                earlier.remove(line.name());
            }
        }
    }

    private String relative(Path path) {
        Path normalized = normalized(path);
        if (!normalized.startsWith(root)) {
            throw new IllegalArgumentException(path + " is not inside the target " + root);
        }
        return root.relativize(normalized).toString();
    }

    private static Path normalized(Path path) {
        return Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    }
}
