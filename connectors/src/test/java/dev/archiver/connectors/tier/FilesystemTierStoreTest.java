package dev.archiver.connectors.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemTierStoreTest extends TierStoreContract {

    @TempDir Path temp;

    @Override
    protected TierStore newStore() throws IOException {
        return new FilesystemTierStore(temp.resolve("tier"));
    }

    @Override
    protected void corruptStoredObject(String key) throws IOException {
        Path file = temp.resolve("tier").resolve(key);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        // Rewrite in place: the file keeps its extended attributes, as after bit rot on disk.
        try (java.nio.channels.FileChannel channel =
                java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
        }
    }

    @Override
    protected String expectedStorageClass() {
        return ObjectInfo.FILESYSTEM;
    }

    @Test
    void shouldSortFilesystemFailuresIntoPermanentAndRetriable() throws Exception {
        store.putBytes("dir/k", bytes("x"));
        Path dir = temp.resolve("tier/dir");
        Files.setPosixFilePermissions(
                dir, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    Files.isReadable(dir), "running as a user who reads anything");
        } catch (org.opentest4j.TestAbortedException e) {
            Files.setPosixFilePermissions(
                    dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            throw e;
        }
        try {
            assertThatThrownBy(() -> store.putBytes("dir/other", bytes("y")))
                    .isInstanceOfSatisfying(
                            TierStoreException.class, e -> assertThat(e.retriable()).isFalse());
        } finally {
            Files.setPosixFilePermissions(
                    dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void shouldReportAFileInTheWayOfADirectoryAsAPermanentFailure() throws Exception {
        store.putBytes("file", bytes("x"));

        assertThatThrownBy(() -> store.putBytes("file/below", bytes("y")))
                .isInstanceOfSatisfying(
                        TierStoreException.class, e -> assertThat(e.retriable()).isFalse());
    }

    @Test
    void shouldKeepObjectsOwnerOnlyWhateverTheUmask() throws Exception {
        store.putBytes("archives/a/chunk-000000.tar.zst", bytes("secret"));

        assertThat(
                        java.nio.file.Files.getPosixFilePermissions(
                                temp.resolve("tier/archives/a/chunk-000000.tar.zst")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        for (String dir : new String[] {"tier", "tier/archives", "tier/archives/a"}) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(temp.resolve(dir)))
                    .as(dir)
                    .isEqualTo(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void shouldStoreKeyAsTheFileOfTheSamePathUnderTheBase() throws Exception {
        store.putBytes("archives/a/manifest.json", bytes("{}"));

        assertThat(temp.resolve("tier/archives/a/manifest.json")).hasContent("{}");
        assertThat(store.location("archives/a/manifest.json"))
                .isEqualTo(temp.resolve("tier/archives/a/manifest.json").toUri().toString());
    }

    @Test
    void shouldLeaveNoStagingFilesBehindAfterSuccessOrFailure() throws Exception {
        store.putBytes("a", bytes("a"));
        assertThatThrownBy(
                        () ->
                                store.put(
                                        "b",
                                        out -> {
                                            out.write(bytes("half"));
                                            throw new IOException("failed");
                                        }))
                .isInstanceOf(IOException.class);

        try (Stream<Path> staged =
                Files.list(temp.resolve("tier").resolve(FilesystemTierStore.STAGING))) {
            assertThat(staged).isEmpty();
        }
    }

    @Test
    void shouldRefuseKeysInsideItsStagingArea() {
        assertThatThrownBy(() -> store.putBytes(FilesystemTierStore.STAGING + "/x", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNotListFilesOutsideTheBaseReachableThroughSymlinks() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "s");
        Files.createSymbolicLink(temp.resolve("tier/link"), outside);

        assertThat(store.list("")).isEmpty();
    }
}
