package io.diztl.index.internal;

import io.diztl.index.MerkleHasher;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes a large file on background threads side by side: the pieces of the Merkle tree are
 * independent, so each thread claims the next chunk of whole pieces, reads it with a positional
 * read and hashes it while the other reads or hashes its own.
 *
 * <p>The threads are shared by every file hashed in this process and few ({@link #THREADS}: two, or
 * one on a single core). Once the index serves requests ({@link #serving()}) they run at a {@link
 * BackgroundPriority low priority}, so hashing a big share gives way to searches and transfers;
 * before that they share the processors fairly with the rest of the process's start instead of
 * waiting for it ({@link DeferredPriority}). The calling thread waits.
 */
final class ParallelFileHasher {

  /** The bytes one thread reads and hashes at a time, at least one piece. */
  private static final int CHUNK = 1 << 20;

  /** The hashing threads shared by every file hashed in this process. */
  static final int THREADS = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 2);

  private static final ThreadFactory THREAD_FACTORY =
      Thread.ofPlatform().name("diztl-hash-", 0).daemon().factory();

  private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, THREAD_FACTORY);

  /**
   * Each hashing thread's buffer for chunks of up to {@link #CHUNK} bytes. Direct: a read into a
   * heap buffer copies the bytes twice (through a temporary direct buffer), into this one once.
   */
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK));

  /** When the hashing threads lower their priority. */
  private static final DeferredPriority PRIORITY = new DeferredPriority();

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

  /**
   * Tells the hashing threads that the process serves requests: from their next chunk on they run
   * at a low priority, for good.
   */
  static void serving() {
    PRIORITY.serving();
  }

  private PieceHashes run() throws IOException {
    List<Worker> workers = new ArrayList<>();
    for (int i = 0; i < Math.min(THREADS, chunks); i++) {
      Worker worker = new Worker();
      workers.add(worker);
      POOL.execute(worker);
    }
    boolean interrupted = false;
    IOException failure = null;
    for (Worker worker : workers) {
      try {
        worker.await();
      } catch (InterruptedException e) {
        interrupted = true;
        next.set(chunks); // the others stop after their current chunk
        workers.forEach(Worker::awaitUnlessQueued);
        break;
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new ClosedByInterruptException();
    }
    if (failure != null) {
      throw failure;
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
    ByteBuffer buffer =
        chunkBytes <= CHUNK ? BUFFERS.get() : ByteBuffer.allocateDirect((int) chunkBytes);
    for (int chunk = next.getAndIncrement(); chunk < chunks; chunk = next.getAndIncrement()) {
      PRIORITY.lowerCurrentThreadIfServing();
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

  /** One hashing thread's part of the file: chunks until none is left. */
  private final class Worker implements Runnable {

    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return; // given up while queued
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

    /** Waits until the worker is done; its failure is the caller's. */
    void await() throws IOException, InterruptedException {
      done.await();
      rethrow();
    }

    /**
     * Gives the worker up if it still waits for a thread, else waits until it lets go of the file,
     * whatever it found.
     */
    void awaitUnlessQueued() {
      if (claimed.compareAndSet(false, true)) {
        return;
      }
      boolean interrupted = false;
      while (done.getCount() > 0) {
        try {
          done.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private void rethrow() throws IOException {
      switch (failure) {
        case null -> {}
        case IOException e -> throw e;
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        default ->
            throw new IllegalStateException("hashing on a background thread failed", failure);
      }
    }
  }
}
