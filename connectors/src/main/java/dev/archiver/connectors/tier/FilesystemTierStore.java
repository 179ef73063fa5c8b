package dev.archiver.connectors.tier;

import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.paths.PrivateFiles;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A tier in a local (or mounted) directory: key "a/b" is the file base/a/b. Objects are written to
 * a staging directory under the base, fsynced, then renamed into place (rename is atomic within one
 * filesystem), and the target directory is fsynced so the rename survives a crash. The SHA-256 of
 * each object is computed while it is written and kept in a user extended attribute of the file
 * ({@value #SHA256_ATTRIBUTE}) where the filesystem has them, so {@link #stat} reports it and
 * {@link #openVerified} checks it; elsewhere objects simply have no recorded SHA-256. Failures of
 * the filesystem itself are {@link TierStoreException}s: access denied, a read-only filesystem or a
 * file where a directory should be are permanent, other I/O errors (a full disk, a flaky mount)
 * retriable.
 */
public final class FilesystemTierStore implements TierStore {

    /**
     * Staging lives inside the base so the rename never crosses filesystems; no key may start with
     * it.
     */
    static final String STAGING = ".staging";

    static final String SHA256_ATTRIBUTE = "archiver.sha256";
    private static final int WRITE_BUFFER = 64 * 1024;

    private final Path base;
    private final Path staging;
    private final boolean userAttributes;

    public FilesystemTierStore(Path base) throws IOException {
        this.base = base.toAbsolutePath().normalize();
        this.staging = this.base.resolve(STAGING);
        try {
            PrivateFiles.createDirectories(staging);
            this.userAttributes =
                    Files.getFileStore(staging)
                            .supportsFileAttributeView(UserDefinedFileAttributeView.class);
        } catch (IOException e) {
            throw failure("cannot create the tier directory " + staging, e);
        }
    }

    public Path base() {
        return base;
    }

    @Override
    public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
        Path target = resolve(key);
        Path temp = staging.resolve(UUID.randomUUID() + ".part");
        try {
            T result;
            try {
                PrivateFiles.createDirectories(target.getParent());
            } catch (IOException e) {
                throw failure("cannot create the directory of " + key, e);
            }
            try (FileChannel channel = openForWrite(temp, key)) {
                MessageDigest digest = Sha256.newDigest();
                StoreFailures out =
                        new StoreFailures(
                                new BufferedOutputStream(
                                        Channels.newOutputStream(channel), WRITE_BUFFER),
                                digest,
                                key);
                result = writer.writeTo(out);
                out.flushToChannel();
                try {
                    channel.force(true);
                } catch (IOException e) {
                    throw failure("cannot sync " + key, e);
                }
                recordSha256(temp, Sha256.hex(digest.digest()), key);
            }
            try {
                Files.move(
                        temp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                fsyncDirectory(target.getParent());
            } catch (IOException e) {
                throw failure("cannot publish " + key, e);
            }
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
        } catch (TierObjectNotFoundException e) {
            throw e;
        } catch (IOException e) {
            throw failure("cannot read " + key, e);
        }
    }

    @Override
    public InputStream openRange(String key, long offset, long length) throws IOException {
        requireRange(offset, length);
        FileChannel channel;
        try {
            channel = FileChannel.open(existing(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new TierObjectNotFoundException(key);
        } catch (TierObjectNotFoundException e) {
            throw e;
        } catch (IOException e) {
            throw failure("cannot read " + key, e);
        }
        try {
            long size = channel.size();
            if (offset > size || length > size - offset) {
                throw new TierStoreException(
                        "range "
                                + offset
                                + "+"
                                + length
                                + " reaches past the end of "
                                + key
                                + " ("
                                + size
                                + " bytes)",
                        false);
            }
            channel.position(offset);
            return new RangeInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            channel.close();
            throw failure("cannot read " + key, e);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(existing(key));
        } catch (NoSuchFileException e) {
            throw new TierObjectNotFoundException(key);
        } catch (TierObjectNotFoundException e) {
            throw e;
        } catch (IOException e) {
            throw failure("cannot read the size of " + key, e);
        }
    }

    @Override
    public ObjectInfo stat(String key) throws IOException {
        Path path = existing(key);
        try {
            long size = Files.size(path);
            return new ObjectInfo(size, ObjectInfo.FILESYSTEM, recordedSha256(path));
        } catch (NoSuchFileException e) {
            throw new TierObjectNotFoundException(key);
        } catch (IOException e) {
            throw failure("cannot read the attributes of " + key, e);
        }
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
        } catch (IOException e) {
            throw failure("cannot list " + prefix, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = resolve(key);
        try {
            if (Files.deleteIfExists(path)) {
                fsyncDirectory(path.getParent());
            }
        } catch (IOException e) {
            throw failure("cannot delete " + key, e);
        }
    }

    @Override
    public String location(String key) {
        return resolve(key).toUri().toString();
    }

    static void requireRange(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "offset and length must not be negative: " + offset + "+" + length);
        }
    }

    /**
     * Sorts a failure of the filesystem: what only an operator can fix (permissions, a read-only
     * mount, a file in the way of a directory) is permanent, the rest (a full disk, an I/O error of
     * a flaky mount) retriable.
     */
    static TierStoreException failure(String what, IOException e) {
        if (e instanceof TierStoreException already) {
            return already;
        }
        boolean permanent =
                e instanceof AccessDeniedException
                        || e instanceof NotDirectoryException
                        || e instanceof FileAlreadyExistsException
                        || e instanceof FileSystemLoopException
                        || isReadOnly(e);
        return new TierStoreException(what + ": " + e, e, !permanent);
    }

    private static boolean isReadOnly(IOException e) {
        String message = e.getMessage();
        return e.getCause() instanceof ReadOnlyFileSystemException
                || (message != null
                        && message.toLowerCase(Locale.ROOT).contains("read-only file system"));
    }

    private static FileChannel openForWrite(Path temp, String key) throws TierStoreException {
        try {
            return FileChannel.open(
                    temp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PrivateFiles.fileAttributes());
        } catch (IOException e) {
            throw failure("cannot create the staging file of " + key, e);
        }
    }

    private void recordSha256(Path file, String sha256, String key) throws TierStoreException {
        if (!userAttributes) {
            return;
        }
        try {
            UserDefinedFileAttributeView view =
                    Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
            view.write(SHA256_ATTRIBUTE, StandardCharsets.US_ASCII.encode(sha256));
        } catch (IOException e) {
            throw failure("cannot record the checksum of " + key, e);
        }
    }

    private Optional<String> recordedSha256(Path file) throws IOException {
        if (!userAttributes) {
            return Optional.empty();
        }
        UserDefinedFileAttributeView view =
                Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (!view.list().contains(SHA256_ATTRIBUTE)) {
            return Optional.empty();
        }
        ByteBuffer value = ByteBuffer.allocate(view.size(SHA256_ATTRIBUTE));
        view.read(SHA256_ATTRIBUTE, value);
        value.flip();
        String hex = StandardCharsets.US_ASCII.decode(value).toString();
        return hex.matches("[0-9a-f]{64}") ? Optional.of(hex) : Optional.empty();
    }

    private Path existing(String key) throws IOException {
        Path path = resolve(key);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new TierObjectNotFoundException(key);
        } catch (IOException e) {
            throw failure("cannot read the attributes of " + key, e);
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
     * What the writer writes to: hashes the bytes on their way and turns a failure of the file into
     * a {@link TierStoreException}, so it stays recognisable after passing through the writer.
     * Writers may close it; the store still has to fsync and rename afterwards, so closing only
     * flushes.
     */
    private static final class StoreFailures extends FilterOutputStream {

        private final MessageDigest digest;
        private final String key;

        StoreFailures(OutputStream out, MessageDigest digest, String key) {
            super(out);
            this.digest = digest;
            this.key = key;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw failure("cannot write " + key, e);
            }
            digest.update(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw failure("cannot write " + key, e);
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        void flushToChannel() throws IOException {
            flush();
        }
    }

    /** The first {@code remaining} bytes of a stream; closing closes the stream. */
    static final class RangeInputStream extends InputStream {

        private final InputStream in;
        private long remaining;

        RangeInputStream(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new TierStoreException(
                        "object ended " + remaining + " bytes before the end of the range", false);
            }
            remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
