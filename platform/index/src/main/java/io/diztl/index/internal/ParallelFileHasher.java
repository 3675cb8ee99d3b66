package io.diztl.index.internal;

import io.diztl.index.MerkleHasher;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes a large file on the calling thread and on helper threads side by side: the pieces of the
 * Merkle tree are independent, so each thread claims the next chunk of whole pieces, reads it with
 * a positional read and hashes it while the others read or hash theirs.
 *
 * <p>The helpers are few ({@link #HELPERS}: together with the caller no more than two threads hash,
 * whatever the cores) and run at the lowest thread priority, so hashing a big share leaves a core
 * to searches and transfers. When every helper is busy with another file, the caller hashes alone:
 * it never waits for a helper to start.
 */
final class ParallelFileHasher {

  /** The bytes one thread reads and hashes at a time, at least one piece. */
  private static final int CHUNK = 1 << 20;

  /** Helper threads shared by every file hashed in this process. */
  static final int HELPERS = Math.min(1, Runtime.getRuntime().availableProcessors() - 1);

  private static final ExecutorService POOL =
      HELPERS == 0
          ? null
          : Executors.newFixedThreadPool(
              HELPERS,
              Thread.ofPlatform()
                  .name("diztl-hash-helper-", 0)
                  .daemon()
                  .priority(Thread.MIN_PRIORITY)
                  .factory());

  private final Path file;
  private final FileChannel channel;
  private final long size;
  private final long chunkBytes;
  private final int chunkPieces;
  private final int chunks;
  private final byte[] layer;
  private final AtomicInteger next = new AtomicInteger();

  private ParallelFileHasher(Path file, FileChannel channel, long size, int chunk) {
    this.file = file;
    this.channel = channel;
    this.size = size;
    int piece = MerkleHasher.pieceSize(size);
    int pieces = MerkleHasher.pieceCount(size);
    this.chunkPieces = Math.max(1, chunk / piece);
    this.chunkBytes = (long) chunkPieces * piece;
    this.chunks = (pieces + chunkPieces - 1) / chunkPieces;
    this.layer = new byte[pieces * MerkleHasher.HASH_BYTES];
  }

  /**
   * The hashes of the {@code size} bytes that {@code channel}, open on {@code file}, holds, read
   * with positional reads.
   *
   * @throws IOException when it cannot be read or holds another number of bytes than {@code size}
   */
  static PieceHashes hash(Path file, FileChannel channel, long size) throws IOException {
    return hash(file, channel, size, CHUNK);
  }

  /** {@link #hash(Path, FileChannel, long)} in chunks of about {@code chunk} bytes. */
  static PieceHashes hash(Path file, FileChannel channel, long size, int chunk) throws IOException {
    return new ParallelFileHasher(file, channel, size, chunk).run();
  }

  private PieceHashes run() throws IOException {
    Helper helper = POOL == null || chunks < 2 ? null : new Helper();
    if (helper != null) {
      POOL.execute(helper);
    }
    try {
      hashChunks();
    } catch (IOException | RuntimeException e) {
      next.set(chunks); // the helper stops after its current chunk
      if (helper != null) {
        try {
          helper.await();
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed); // the caller's own failure (an interrupt, say) comes first
        }
      }
      throw e;
    }
    if (helper != null) {
      helper.await();
    }
    if (channel.size() != size) {
      throw changedSize(channel.size());
    }
    return MerkleHasher.ofPieces(size, layer);
  }

  private IOException changedSize(long found) {
    return new IOException(
        file + " changed size while it was hashed: expected " + size + " bytes, found " + found);
  }

  /** Claims and hashes chunks until none is left. */
  private void hashChunks() throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunkBytes, size));
    for (int chunk = next.getAndIncrement(); chunk < chunks; chunk = next.getAndIncrement()) {
      long start = chunk * chunkBytes;
      buffer.clear().limit((int) Math.min(chunkBytes, size - start));
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, start + buffer.position()) < 0) {
          throw changedSize(start + buffer.position());
        }
      }
      MerkleHasher.hashPieces(size, chunk * chunkPieces, buffer.flip(), layer);
    }
  }

  /**
   * The helper thread's part of one file: chunks until none is left, unless the caller was done
   * before the helper started.
   */
  private final class Helper implements Runnable {

    private static final int WAITING = 0;
    private static final int RUNNING = 1;
    private static final int NOT_NEEDED = 2;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;

    @Override
    public void run() {
      if (!state.compareAndSet(WAITING, RUNNING)) {
        return;
      }
      try {
        hashChunks();
      } catch (IOException | RuntimeException | Error e) {
        next.set(chunks);
        failure = e;
      } finally {
        done.countDown();
      }
    }

    /**
     * Once the caller hashed its last chunk: waits for the helper's, if it started; its failure is
     * the caller's to report.
     */
    void await() throws IOException {
      if (state.compareAndSet(WAITING, NOT_NEEDED)) {
        return;
      }
      boolean interrupted = false;
      try {
        while (true) {
          try {
            done.await(); // within a chunk: the helper must let go of the file before it closes
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      switch (failure) {
        case null -> {}
        case IOException e -> throw e;
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        default -> throw new IllegalStateException("hashing on a helper thread failed", failure);
      }
    }
  }
}
