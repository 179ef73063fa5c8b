package dev.archiver.connectors.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.testing.Archives;
import dev.archiver.connectors.testing.CraftedTar;
import dev.archiver.connectors.testing.Processes;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.testing.TreeSnapshot;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarReaderTest {

    @TempDir Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "posix", "ustar"})
    void shouldRestoreWhatGnuTarWritesInEachFormat(String format) throws Exception {
        SampleTree source = SampleTree.mixed(temp.resolve("src"));
        if (format.equals("ustar")) { // ustar cannot hold the long names of the mixed tree
            source = new SampleTree(temp.resolve("src-short"));
            source.text("a/b.txt", "b", "rw-r--r--");
            source.symlink("a/link", "b.txt");
            source.finish();
        }
        Path tar = temp.resolve("gnu.tar");
        Processes.Result made =
                Processes.sh(source.root(), "tar --format=" + format + " -cf '" + tar + "' .");
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        FilesystemTierStore store = new FilesystemTierStore(temp.resolve("tier"));
        Manifest manifest =
                Archives.singleChunk(store, "gnu-tar/" + format, Files.readAllBytes(tar));
        Path target = temp.resolve("target");

        ArchiveRestorer.restore(store, manifest, target, ConflictPolicy.FAIL, RestoreListener.NONE);

        assertThat(TreeSnapshot.of(target)).isEqualTo(TreeSnapshot.of(source.root()));
    }

    @Test
    void shouldReportNamesExactlyAsStoredInGnuLongNameEntries() throws Exception {
        String longName = "/" + "n".repeat(150);
        String longLink = "/" + "l".repeat(150);
        byte[] tar = CraftedTar.gnu().symlink(longName, longLink).bytes();

        TarReader.Header header = new TarReader(new ByteArrayInputStream(tar)).next();

        assertThat(header.name()).isEqualTo(longName);
        assertThat(header.linkName()).isEqualTo(longLink);
        assertThat(header.kind()).isEqualTo(TarReader.Kind.SYMLINK);
    }

    @Test
    void shouldReadContentAndSkipWhatTheCallerDoesNotRead() throws Exception {
        byte[] tar = CraftedTar.posix().file("one", "x".repeat(700)).file("two", "second").bytes();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));

        assertThat(reader.next().size()).isEqualTo(700);
        assertThat(reader.content().read(new byte[10])).isEqualTo(10);
        TarReader.Header two = reader.next();

        assertThat(two.name()).isEqualTo("two");
        assertThat(new String(reader.content().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("second");
        assertThat(reader.next()).isNull();
    }

    @Test
    void shouldRefuseAHeaderWithAWrongChecksum() {
        byte[] tar = CraftedTar.posix().file("one", "1").bytes();
        tar[0] = 'X';

        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(tar)).next())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void shouldRefuseAStreamThatEndsWithoutItsEndMarker() throws Exception {
        byte[] whole = CraftedTar.posix().file("one", "1").bytes();
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(whole, 1024)));

        assertThat(reader.next().name()).isEqualTo("one");
        assertThatThrownBy(reader::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("end-of-archive");
    }

    @Test
    void shouldRefuseAStreamThatEndsInsideAnEntry() throws Exception {
        byte[] whole = CraftedTar.posix().file("one", "x".repeat(2000)).bytes();
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(whole, 1024)));

        reader.next();
        assertThatThrownBy(() -> reader.content().readAllBytes())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("inside an entry");
    }
}
