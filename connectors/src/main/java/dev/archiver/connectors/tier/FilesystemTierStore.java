package dev.archiver.connectors.tier;

import dev.archiver.connectors.paths.PrivateFiles;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A tier in a local (or mounted) directory: key "a/b" is the file base/a/b. Objects are written to
 * a staging directory under the base, fsynced, then renamed into place (rename is atomic within one
 * filesystem), and the target directory is fsynced so the rename survives a crash.
 */
public final class FilesystemTierStore implements TierStore {

    /**
     * Staging lives inside the base so the rename never crosses filesystems; no key may start with
     * it.
     */
    static final String STAGING = ".staging";

    private static final int WRITE_BUFFER = 64 * 1024;

    private final Path base;
    private final Path staging;

    public FilesystemTierStore(Path base) throws IOException {
        this.base = base.toAbsolutePath().normalize();
        this.staging = this.base.resolve(STAGING);
        PrivateFiles.createDirectories(staging);
    }

    public Path base() {
        return base;
    }

    @Override
    public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
        Path target = resolve(key);
        PrivateFiles.createDirectories(target.getParent());
        Path temp = staging.resolve(UUID.randomUUID() + ".part");
        try {
            T result;
            try (FileChannel channel =
                    FileChannel.open(
                            temp,
                            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                            PrivateFiles.fileAttributes())) {
                OutputStream out =
                        new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER);
                result = writer.writeTo(new FlushOnClose(out));
                out.flush();
                channel.force(true);
            }
            Files.move(
                    temp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(target.getParent());
            return result;
        } catch (Throwable e) { // whatever failed, no partial object may stay behind
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(existing(key));
        } catch (NoSuchFileException e) {
            throw new TierObjectNotFoundException(key);
        }
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(existing(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        TierKeys.requireValidPrefix(prefix);
        // Walk only below the deepest directory the prefix names.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? base : base.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files =
                Files.find(
                        start,
                        Integer.MAX_VALUE,
                        (path, attrs) -> attrs.isRegularFile() && !path.startsWith(staging))) {
            return files.map(this::keyOf)
                    .filter(key -> key.startsWith(prefix))
                    .sorted(TierKeys.UTF8_ORDER)
                    .collect(Collectors.toList());
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = resolve(key);
        if (Files.deleteIfExists(path)) {
            fsyncDirectory(path.getParent());
        }
    }

    @Override
    public String location(String key) {
        return resolve(key).toUri().toString();
    }

    private Path existing(String key) throws IOException {
        Path path = resolve(key);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new TierObjectNotFoundException(key);
        }
        if (!attrs.isRegularFile()) {
            throw new TierObjectNotFoundException(key);
        }
        return path;
    }

    /**
     * The file for {@code key}; refuses keys that would land outside the base or in the staging
     * area.
     */
    private Path resolve(String key) {
        TierKeys.requireValidKey(key);
        Path path = base.resolve(key).normalize();
        if (!path.startsWith(base) || path.equals(base) || path.startsWith(staging)) {
            throw new IllegalArgumentException("key escapes the store or is reserved: " + key);
        }
        return path;
    }

    private String keyOf(Path file) {
        Path relative = base.relativize(file);
        StringBuilder key = new StringBuilder();
        for (Path segment : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(segment);
        }
        return key.toString();
    }

    private static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Writers may close the stream they are handed; the store still has to fsync and rename
     * afterwards.
     */
    private static final class FlushOnClose extends FilterOutputStream {

        FlushOnClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
