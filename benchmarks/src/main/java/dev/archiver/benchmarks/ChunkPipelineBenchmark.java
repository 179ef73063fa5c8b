package dev.archiver.benchmarks;

import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.pack.ChunkPacker;
import dev.archiver.connectors.pack.PackedChunk;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The archiver's whole chunk path, {@code ChunkPacker.pack}: render the tar byte range, SHA-256 of
 * it, zstd, SHA-256 of the frame, into a store that discards; on a planned tree of {@value
 * Data#SIZE} file bytes (one large file, half text and half random, plus small files). Scores are
 * MB/s of file data on one thread (the service packs one chunk per core); the tree is read from the
 * page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(Data.SIZE)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ChunkPipelineBenchmark {

  /**
   * 16: the large file dominates; 1024: half the bytes in 4 KiB files (headers and opens count).
   */
  @Param({"16", "1024"})
  int smallFiles;

  @Param({"1", "3"})
  int level;

  private Path root;
  private TarPlan plan;
  private ChunkPacker packer;

  @Setup
  public void setUp() throws IOException {
    root = Data.tree(Files.createTempDirectory("archiver-jmh-"), smallFiles);
    plan = FileTreePlanner.plan(root, Long.MAX_VALUE / 4); // one chunk: the whole tar stream
    packer = new ChunkPacker(discardingStore(), level);
  }

  @TearDown
  public void tearDown() throws IOException {
    Data.delete(root);
  }

  @Benchmark
  public PackedChunk pack() throws IOException {
    return packer.pack(plan, 0, "chunk-000000.tar.zst");
  }

  /**
   * A tier store that streams each object into nothing. A proxy, so the benchmark needs no change
   * when the TierStore interface grows; only {@code put} is used by the packer.
   */
  private static TierStore discardingStore() {
    return (TierStore)
        Proxy.newProxyInstance(
            TierStore.class.getClassLoader(),
            new Class<?>[] {TierStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("put") && args.length == 2) {
                return ((ObjectWriter<?>) args[1]).writeTo(new Data.Sink());
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
