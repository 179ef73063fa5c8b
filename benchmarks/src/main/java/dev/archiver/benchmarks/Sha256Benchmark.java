package dev.archiver.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SHA-256 as the packer computes it twice per chunk (the tar bytes in, the zstd frame out), in 128
 * KiB updates. Scores are MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(Data.SIZE)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class Sha256Benchmark {

  private static final int UPDATE = 128 * 1024;

  private byte[] input;

  @Setup
  public void setUp() {
    input = Data.random(Data.SIZE);
  }

  @Benchmark
  public byte[] sha256() throws NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (int off = 0; off < input.length; off += UPDATE) {
      digest.update(input, off, Math.min(UPDATE, input.length - off));
    }
    return digest.digest();
  }
}
