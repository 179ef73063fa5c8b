package dev.archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCorpusTest {

  @TempDir Path dir;

  @Test
  void shouldGenerateTheSameMixedTreeForTheSameSize() throws Exception {
    BenchCorpus.Tree a = BenchCorpus.mixed(dir.resolve("a"), 3L << 20);
    BenchCorpus.Tree b = BenchCorpus.mixed(dir.resolve("b"), 3L << 20);

    assertThat(a.bytes()).isEqualTo(3L << 20);
    assertThat(a.files()).isBetween(400, 440);
    assertThat(BenchCorpus.digest(a.root())).isEqualTo(BenchCorpus.digest(b.root()));
  }

  @Test
  void shouldNameWhatDiffersWhenARestoredTreeIsNotTheSource() throws Exception {
    BenchCorpus.Tree source = BenchCorpus.smallFiles(dir.resolve("s"), 20);
    Map<String, String> want = BenchCorpus.digest(source.root());
    Path file = source.root().resolve("d0000").resolve("f0000003.dat");
    Files.write(file, new byte[] {1});
    Files.createDirectories(source.root().resolve("extra"));

    String differences = BenchCorpus.differences(want, BenchCorpus.digest(source.root()));

    assertThat(differences).contains("differs d0000/f0000003.dat").contains("extra   extra");
  }

  @Test
  void shouldReadSizesInPowersOf1024() {
    BenchCommand.SizeConverter sizes = new BenchCommand.SizeConverter();

    assertThat(sizes.convert("1GiB")).isEqualTo(1L << 30);
    assertThat(sizes.convert("64MiB")).isEqualTo(64L << 20);
    assertThat(sizes.convert("512k")).isEqualTo(512L << 10);
    assertThat(sizes.convert("1048576")).isEqualTo(1L << 20);
    assertThatThrownBy(() -> sizes.convert("lots"))
        .isInstanceOf(CommandLine.TypeConversionException.class);
  }

  @Test
  void shouldTakeNearestRankPercentiles() {
    long[] nanos = {1_000_000_000L, 2_000_000_000L, 3_000_000_000L, 4_000_000_000L};

    assertThat(SmallRunsBench.percentile(nanos, 0.50)).isEqualTo(2.0);
    assertThat(SmallRunsBench.percentile(nanos, 0.99)).isEqualTo(4.0);
    assertThat(SmallRunsBench.percentile(new long[0], 0.5)).isNaN();
  }
}
