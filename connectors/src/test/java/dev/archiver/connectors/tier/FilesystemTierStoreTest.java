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
