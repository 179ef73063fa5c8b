package dev.archiver.benchmarks;

import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.file.TarRangeStream;
import java.io.IOException;
import java.io.InputStream;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Rendering a chunk's tar byte range from the files of a planned tree of {@value Data#SIZE} file
 * bytes (one large file, half text and half random, plus small files), as the packer reads it.
 * Scores are MB/s of file data; the tree is read from the page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(Data.SIZE)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TarRenderBenchmark {

  /**
   * 16: the large file dominates; 1024: half the bytes in 4 KiB files (headers and opens count).
   */
  @Param({"16", "1024"})
  int smallFiles;

  private Path root;
  private TarPlan plan;
  private final byte[] buffer = new byte[128 * 1024];

  @Setup
  public void setUp() throws IOException {
    root = Data.tree(Files.createTempDirectory("archiver-jmh-"), smallFiles);
    plan = FileTreePlanner.plan(root, Long.MAX_VALUE / 4); // one chunk: the whole tar stream
  }

  @TearDown
  public void tearDown() throws IOException {
    Data.delete(root);
  }

  @Benchmark
  public void tarRender(Blackhole blackhole) throws IOException {
    try (InputStream in = new TarRangeStream(plan, plan.chunk(0))) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        blackhole.consume(n);
      }
    }
  }
}
