package dev.archiver.benchmarks;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * zstd as the packer drives it (zstd-jni's stream, content checksum on, 128 KiB writes) per level,
 * on data that compresses (log text) and data that does not (random bytes), and the decompression a
 * restore pays. Scores are MB/s of uncompressed data; one thread, as one chunk is.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(Data.SIZE)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ZstdBenchmark {

  private static final int WRITE = 128 * 1024;

  @Param({"1", "3", "6"})
  int level;

  @Param({"text", "random"})
  String data;

  private byte[] input;
  private byte[] compressed;
  private final byte[] buffer = new byte[WRITE];

  @Setup
  public void setUp() throws IOException {
    input = Data.of(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Data.SIZE + 1024);
    compress(input, level, out);
    compressed = out.toByteArray();
  }

  @Benchmark
  public long compress() throws IOException {
    Data.Sink sink = new Data.Sink();
    compress(input, level, sink);
    return sink.count;
  }

  @Benchmark
  public void decompress(Blackhole blackhole) throws IOException {
    try (ZstdInputStreamNoFinalizer in =
        new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(compressed))) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        blackhole.consume(n);
      }
    }
  }

  private static void compress(byte[] input, int level, java.io.OutputStream sink)
      throws IOException {
    try (ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(sink, level)) {
      zstd.setChecksum(true);
      for (int off = 0; off < input.length; off += WRITE) {
        zstd.write(input, off, Math.min(WRITE, input.length - off));
      }
    }
  }
}
