package dev.archiver.it;

import static dev.archiver.testing.TopicReader.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.streams.topics.TopicNames;
import dev.archiver.testing.CliRunner;
import dev.archiver.testing.RequestProducer;
import dev.archiver.testing.SampleTrees;
import dev.archiver.testing.SharedArchiver;
import dev.archiver.testing.TierArchive;
import dev.archiver.testing.TopicReader;
import dev.archiver.testing.TreeSnapshot;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's round trip on the real broker and registry, through the CLI: archive, verify (exit
 * 0), restore exactly, restore over a partly existing target with skip and overwrite, then corrupt
 * a chunk: verify exits 2 naming it and restore fails without writing.
 */
@ExtendWith(SharedArchiver.class)
class VerifyAndRestoreIT {

  @TempDir Path work;
  private CliRunner runner;

  @BeforeEach
  void pointTheCliAtTheSharedArchiver() throws Exception {
    runner = CliRunner.forSharedArchiver(work);
  }

  private int cli(String... args) {
    return runner.run(args);
  }

  @Test
  void shouldVerifyAndRestoreExactlyAndRefuseACorruptArchive() throws Exception {
    SharedArchiver.Running archiver = SharedArchiver.get();
    String runId = "roundtrip-" + UUID.randomUUID().toString().substring(0, 8);
    Path source = archiver.config().sourceRoots().get(0).resolve(runId);
    Map<String, TreeSnapshot.Node> expected = TreeSnapshot.of(SampleTrees.mixed(source).root());
    archive(archiver, runId, source);

    assertThat(cli("verify", runId, "--wait"))
        .as("verify of an intact archive; out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(runner.out()).contains("intact", "1 archive(s) checked, 0 not intact");

    Path restoreRoot = archiver.config().restoreRoots().get(0);
    Path exact = restoreRoot.resolve(runId + "-exact");
    assertThat(cli("restore", runId, "--target", "file:" + exact, "--wait"))
        .as("restore; out: %s err: %s", runner.out(), runner.err())
        .isZero();
    assertThat(TreeSnapshot.of(exact)).isEqualTo(expected);

    Path skipped = partlyExisting(restoreRoot.resolve(runId + "-skip"));
    assertThat(cli("restore", runId, "--target", "file:" + skipped, "--conflict", "skip", "--wait"))
        .isZero();
    assertThat(skipped.resolve("docs/readme.txt")).hasContent("mine, not the archive's");
    assertThat(skipped.resolve("local-only.txt")).hasContent("kept");
    assertThat(Files.readAllBytes(skipped.resolve("big.bin")))
        .isEqualTo(Files.readAllBytes(source.resolve("big.bin")));

    Path overwritten = partlyExisting(restoreRoot.resolve(runId + "-overwrite"));
    assertThat(
            cli(
                "restore",
                runId,
                "--target",
                "file:" + overwritten,
                "--conflict",
                "overwrite",
                "--wait"))
        .isZero();
    assertThat(Files.readString(overwritten.resolve("docs/readme.txt")))
        .isEqualTo(Files.readString(source.resolve("docs/readme.txt")));
    assertThat(overwritten.resolve("local-only.txt")).hasContent("kept");

    TierArchive archive = new TierArchive(archiver.config().filesystemTierPath(), runId);
    Path chunk = archive.directory().resolve(String.format("chunk-%06d.tar.zst", 1));
    try (RandomAccessFile file = new RandomAccessFile(chunk.toFile(), "rw")) {
      file.seek(100);
      int b = file.read();
      file.seek(100);
      file.write(b ^ 0x01);
    }
    assertThat(cli("verify", runId, "--wait")).as("verify of a corrupt archive").isEqualTo(2);
    assertThat(runner.out()).contains("NOT INTACT", "chunk 1 MISMATCHED");

    Path refused = restoreRoot.resolve(runId + "-refused");
    assertThat(cli("restore", runId, "--target", "file:" + refused, "--wait")).isEqualTo(1);
    assertThat(runner.out()).contains("CHECKSUM_MISMATCH", "chunk-000001");
    try (Stream<Path> written = Files.exists(refused) ? Files.walk(refused) : Stream.empty()) {
      assertThat(written.filter(p -> !Files.isDirectory(p)))
          .as("nothing written for a corrupt archive")
          .isEmpty();
    }
  }

  private static Path partlyExisting(Path target) throws Exception {
    Files.createDirectories(target.resolve("docs"));
    Files.writeString(target.resolve("docs/readme.txt"), "mine, not the archive's");
    Files.writeString(target.resolve("local-only.txt"), "kept");
    return target;
  }

  private static void archive(SharedArchiver.Running archiver, String runId, Path source)
      throws Exception {
    String bootstrap = archiver.service().bootstrapServers();
    try (RequestProducer producer =
            new RequestProducer(bootstrap, archiver.service().registryUrl());
        TopicReader completions = new TopicReader(bootstrap, TopicNames.ARCHIVE_COMPLETED)) {
      producer.sendAvro(
          TopicNames.ARCHIVE_REQUESTS, runId, Requests.archive(runId, "file:" + source));
      completions.await(r -> runId.equals(key(r)), Duration.ofSeconds(90));
    }
  }
}
