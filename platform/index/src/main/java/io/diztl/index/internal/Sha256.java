package io.diztl.index.internal;

import io.diztl.index.MerkleHasher;
import io.diztl.index.PieceHashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Computes SHA-256 digests of files (their {@link PieceHashes}) and strings. Large files are read
 * on a second thread while the calling thread hashes, so reading and hashing overlap.
 */
public final class Sha256 {

  private static final int CHUNK = 1 << 20;

  /** The reads of files hashed on the calling thread, one reused buffer per thread. */
  private static final int SMALL_CHUNK = 64 << 10;

  /** Files at least this big are read ahead on a second thread. */
  private static final long READ_AHEAD_MIN = 8L << 20;

  /** Chunks in flight between the reading and the hashing thread. */
  private static final int READ_AHEAD_CHUNKS = 4;

  private static final long READER_STOP_SECONDS = 5;

  /** Marks the end of the file in the queue of read chunks. */
  private static final ByteBuffer END = ByteBuffer.allocate(0);

  private static final ThreadLocal<MessageDigest> DIGESTS =
      ThreadLocal.withInitial(Sha256::newDigest);

  // Heap buffer: MessageDigest reads its array directly.
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(SMALL_CHUNK));

  private Sha256() {}

  /**
   * The identity and piece hashes of the content of {@code file}, read once without following
   * links.
   *
   * @throws IOException when it cannot be read, or changes size while it is read
   */
  public static PieceHashes contentOf(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      MerkleHasher hasher = new MerkleHasher(size);
      try {
        if (size >= READ_AHEAD_MIN) {
          hashReadingAhead(channel, hasher);
        } else {
          // The thread's buffer: hashing many small files allocates next to nothing.
          ByteBuffer buffer = BUFFERS.get().clear();
          while (channel.read(buffer) >= 0) {
            buffer.flip();
            hasher.update(buffer);
            buffer.clear();
          }
        }
        return hasher.finish();
      } catch (IllegalStateException e) {
        throw new IOException(file + " changed size while it was hashed: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Hashes what {@code channel} holds from its position on: a reader thread fills heap chunks while
   * this thread hashes the ones already read.
   */
  private static void hashReadingAhead(FileChannel channel, MerkleHasher digest)
      throws IOException {
    BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(READ_AHEAD_CHUNKS);
    BlockingQueue<ByteBuffer> read = new ArrayBlockingQueue<>(READ_AHEAD_CHUNKS + 1);
    for (int i = 0; i < READ_AHEAD_CHUNKS; i++) {
      free.add(ByteBuffer.allocate(CHUNK));
    }
    AtomicReference<IOException> failure = new AtomicReference<>();
    Thread reader =
        Thread.ofPlatform()
            .name("diztl-hash-reader")
            .daemon()
            .start(() -> readChunks(channel, free, read, failure));
    try {
      for (ByteBuffer chunk = read.take(); chunk != END; chunk = read.take()) {
        digest.update(chunk);
        chunk.clear();
        free.add(chunk);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClosedByInterruptException();
    } finally {
      reader.interrupt();
      joinQuietly(reader);
    }
    IOException failed = failure.get();
    if (failed != null) {
      throw failed;
    }
  }

  /** The reader thread: fills free chunks from {@code channel} until its end or a failure. */
  private static void readChunks(
      FileChannel channel,
      BlockingQueue<ByteBuffer> free,
      BlockingQueue<ByteBuffer> read,
      AtomicReference<IOException> failure) {
    try {
      boolean end = false;
      while (!end) {
        ByteBuffer chunk = free.take();
        while (chunk.hasRemaining() && !end) {
          end = channel.read(chunk) < 0;
        }
        chunk.flip();
        read.add(chunk);
      }
    } catch (IOException e) {
      failure.set(e);
    } catch (RuntimeException e) {
      failure.set(new IOException("reading to hash failed: " + e, e));
    } catch (InterruptedException e) {
      return; // the hashing thread gave up
    }
    read.add(END); // never blocks: the queue has room for every chunk and the end
  }

  /** Waits a bounded time for the (interrupted) reader to stop, so it never outlives the file. */
  private static void joinQuietly(Thread reader) {
    try {
      if (!reader.join(Duration.ofSeconds(READER_STOP_SECONDS))) {
        throw new IllegalStateException(
            "expected the hash reader to stop within "
                + READER_STOP_SECONDS
                + " s, found it still running");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The first {@code bytes} bytes of the SHA-256 of the UTF-8 form of {@code text}, as hex. */
  public static String prefixOf(String text, int bytes) {
    MessageDigest digest = DIGESTS.get();
    digest.reset(); // after a failed read of a file
    byte[] hash = digest.digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hash, 0, bytes);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
