package io.diztl.bench.micro;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SHA-256 of one chunk as the index and the downloader feed it: from a heap array and from a
 * direct buffer (what Netty hands over), at the chunk sizes the transfer uses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sha256Bench {

  @Param({"262144", "1048576"})
  int chunkBytes;

  private byte[] heap;
  private ByteBuffer direct;
  private MessageDigest digest;

  /** Fills one chunk with pseudo-random bytes. */
  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    heap = new byte[chunkBytes];
    new SplittableRandom(1).nextBytes(heap);
    direct = ByteBuffer.allocateDirect(chunkBytes);
    direct.put(heap).flip();
    digest = MessageDigest.getInstance("SHA-256");
  }

  /** Hashes the heap chunk (one op = one chunk; multiply by its size for bytes/s). */
  @Benchmark
  public byte[] heapArray() {
    digest.update(heap);
    return digest.digest();
  }

  /** Hashes the direct chunk. */
  @Benchmark
  public byte[] directBuffer() {
    digest.update(direct.duplicate());
    return digest.digest();
  }
}
