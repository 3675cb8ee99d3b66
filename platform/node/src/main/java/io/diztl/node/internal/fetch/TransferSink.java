package io.diztl.node.internal.fetch;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.diztl.index.MerkleHasher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Where the data of one download goes. The receiving thread writes each chunk to the partial file
 * and hands it to a hashing thread through a bounded queue, and every {@link #FLUSH_BYTES} the
 * written data is flushed to disk in the background: receiving, writing, hashing and the disk work
 * side by side, and the final fsync has little left to do.
 */
final class TransferSink implements AutoCloseable {

  /** Chunks received but not hashed yet; bounds the memory a download holds. */
  static final int QUEUE_CHUNKS = 16;

  /** Data written between two background flushes. */
  static final long FLUSH_BYTES = 64L * 1024 * 1024;

  private static final ByteString END = ByteString.copyFromUtf8("end of data");
  private static final long JOIN_MILLIS = 10_000;

  private final FileChannel out;
  private final MerkleHasher digest;
  private final BlockingQueue<ByteString> pending = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
  private final Thread hasher;
  private final ByteOutput hashing = new DigestOutput();
  private long unflushed;
  private Thread flusher;
  private volatile IOException flushFailure;
  private boolean ended;

  /**
   * Opens {@code part} for writing at {@code offset}, cutting off anything after it; {@code digest}
   * has already seen the bytes before {@code offset}.
   */
  TransferSink(Path part, long offset, MerkleHasher digest) throws IOException {
    this.digest = digest;
    this.out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      out.truncate(offset);
      out.position(offset);
    } catch (IOException e) {
      out.close();
      throw e;
    }
    this.hasher = Thread.ofPlatform().name("diztl-transfer-hash").daemon().start(this::hash);
  }

  /** Writes {@code data} at the end of the file and queues it for hashing. */
  void write(ByteString data) throws IOException {
    for (ByteBuffer buffer : data.asReadOnlyByteBufferList()) {
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    }
    enqueue(data);
    unflushed += data.size();
    if (unflushed >= FLUSH_BYTES) {
      unflushed = 0;
      flushInBackground();
    }
  }

  /**
   * Waits until everything written is hashed, and returns the content identity (lower-case hex).
   *
   * @throws IllegalStateException when fewer bytes were written than the hasher expects
   */
  String sha256() throws IOException {
    enqueue(END);
    ended = true;
    join(hasher);
    if (hasher.isAlive()) {
      throw new IOException("hashing did not finish within " + JOIN_MILLIS + " ms");
    }
    return digest.finish().rootHex();
  }

  /** Forces everything written, data and metadata, to the disk. */
  void force() throws IOException {
    awaitFlush();
    out.force(true);
  }

  /**
   * Stops the hashing thread if it still runs, waits for a background flush and closes the file.
   */
  @Override
  public void close() throws IOException {
    if (hasher.isAlive()) {
      hasher.interrupt();
      join(hasher);
    }
    try {
      awaitFlush();
    } finally {
      out.close();
    }
  }

  private void hash() {
    try {
      while (true) {
        ByteString data = pending.take();
        if (data == END) {
          return;
        }
        UnsafeByteOperations.unsafeWriteTo(data, hashing);
      }
    } catch (IOException e) {
      // ByteOutput declares it; updating a digest never throws it.
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      // The download was abandoned: the digest no longer matters.
    }
  }

  private void enqueue(ByteString data) throws IOException {
    if (ended) {
      throw new IllegalStateException("no more data is taken once the hash was asked for");
    }
    try {
      while (!pending.offer(data, 100, TimeUnit.MILLISECONDS)) {
        if (!hasher.isAlive()) {
          throw new IOException("the hashing thread of the download has stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing data to the hashing thread");
    }
  }

  /** Starts flushing what is written so far, unless a flush is still under way. */
  private void flushInBackground() {
    if (flusher != null && flusher.isAlive()) {
      return;
    }
    flusher =
        Thread.ofVirtual()
            .name("diztl-transfer-flush")
            .start(
                () -> {
                  try {
                    out.force(false);
                  } catch (IOException e) {
                    flushFailure = e;
                  }
                });
  }

  private void awaitFlush() throws IOException {
    if (flusher != null) {
      join(flusher);
    }
    IOException failure = flushFailure;
    if (failure != null) {
      throw new IOException(
          "flushing the partial download failed: " + failure.getMessage(), failure);
    }
  }

  /**
   * Feeds a chunk's bytes to the digest straight from the arrays behind it: a read-only view of
   * them would make the digest copy them in small pieces first.
   */
  private final class DigestOutput extends ByteOutput {
    @Override
    public void write(byte value) {
      digest.update(ByteBuffer.wrap(new byte[] {value}));
    }

    @Override
    public void write(byte[] value, int offset, int length) {
      digest.update(ByteBuffer.wrap(value, offset, length));
    }

    @Override
    public void writeLazy(byte[] value, int offset, int length) {
      digest.update(ByteBuffer.wrap(value, offset, length));
    }

    @Override
    public void write(ByteBuffer value) {
      digest.update(value);
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      digest.update(value);
    }
  }

  private static void join(Thread thread) throws InterruptedIOException {
    try {
      thread.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + thread.getName());
    }
  }
}
