package io.diztl.node.internal.piece;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Two piece buffers and a thread of their own: the receiving thread fills one buffer while this
 * pipeline's thread checks and stores the piece in the other, so that hashing and writing run
 * beside the network instead of between its chunks. Pieces are checked in the order they were
 * handed over; once one fails, the rest of the request is dropped unchecked.
 */
final class PiecePipeline implements AutoCloseable {

  /** Checks and stores one piece. */
  interface Store {
    /**
     * Checks and stores piece {@code piece}, held in the remaining bytes of {@code data}.
     *
     * @return false when the piece was bad: the pieces handed over after it are dropped
     */
    boolean complete(int piece, ByteBuffer data) throws IOException;
  }

  /** A filled buffer, or a marker: a latch to count down once everything before it was stored. */
  private record Filled(int piece, ByteBuffer data, CountDownLatch drained) {}

  private static final Filled END = new Filled(-1, null, null);

  private final Store store;
  private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(2);
  private final BlockingQueue<Filled> filled = new ArrayBlockingQueue<>(3);
  private final Thread thread;
  private ByteBuffer current;
  private volatile boolean bad;
  private volatile IOException failure;

  /** A pipeline of buffers of {@code pieceSize} bytes into {@code store}. */
  PiecePipeline(int pieceSize, Store store, String name) {
    this.store = store;
    this.current = ByteBuffer.allocate(pieceSize);
    free.add(ByteBuffer.allocate(pieceSize));
    this.thread = Thread.ofVirtual().name(name).start(this::run);
  }

  /** The buffer to fill with the next piece. */
  ByteBuffer buffer() {
    return current;
  }

  /**
   * Hands the filled part of {@link #buffer()} over as piece {@code piece} and waits for a buffer
   * to fill with the next one.
   *
   * @return false when a piece handed over earlier in this request was bad
   * @throws IOException when storing an earlier piece failed
   */
  boolean submit(int piece) throws IOException {
    throwFailure();
    if (bad) {
      return false;
    }
    put(new Filled(piece, current.flip(), null));
    try {
      current = free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while a piece was checked");
    }
    current.clear();
    return !bad;
  }

  /**
   * Waits until every piece handed over was checked and stored, then starts a new request (with no
   * bad piece yet).
   *
   * @throws IOException when storing one of them failed
   */
  void drain() throws IOException {
    CountDownLatch drained = new CountDownLatch(1);
    put(new Filled(-1, null, drained));
    try {
      drained.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while pieces were checked");
    }
    bad = false;
    throwFailure();
  }

  /** Ends the pipeline's thread once it has handled what it was given. */
  @Override
  public void close() {
    try {
      filled.put(END);
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void put(Filled item) throws InterruptedIOException {
    try {
      filled.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while a piece was handed over");
    }
  }

  private void throwFailure() throws IOException {
    IOException failed = failure;
    if (failed != null) {
      throw failed;
    }
  }

  private void run() {
    while (true) {
      Filled item;
      try {
        item = filled.take();
      } catch (InterruptedException e) {
        return;
      }
      if (item == END) {
        return;
      }
      if (item.drained() != null) {
        item.drained().countDown();
        continue;
      }
      try {
        if (!bad && failure == null && !store.complete(item.piece(), item.data())) {
          bad = true;
        }
      } catch (IOException e) {
        failure = e;
      } catch (RuntimeException e) {
        failure = new IOException("checking piece " + item.piece() + " failed: " + e, e);
      } finally {
        free.add(item.data());
      }
    }
  }
}
