package io.diztl.node.internal.serve;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The chunk arrays of a server's downloads, kept for the next download when one ends: a download
 * request of a few megabytes would otherwise allocate a new chunk array, and a node serving at
 * hundreds of megabytes a second would fill its small heap with them. Keeps at most a few arrays;
 * thread-safe.
 */
final class ChunkBuffers {

  private final int bytes;
  private final BlockingQueue<byte[]> free;

  /** A pool of arrays of {@code bytes} bytes that keeps up to {@code kept} of them. */
  ChunkBuffers(int bytes, int kept) {
    this.bytes = bytes;
    this.free = new ArrayBlockingQueue<>(kept);
  }

  /** An array of at least {@code length} bytes: a kept one when there is one, else a new one. */
  byte[] take(int length) {
    if (length > bytes) {
      return new byte[length];
    }
    byte[] kept = free.poll();
    return kept != null ? kept : new byte[bytes];
  }

  /** Keeps {@code buffer}, which no one uses any more, for a later {@link #take}. */
  void give(byte[] buffer) {
    if (buffer.length == bytes) {
      free.offer(buffer);
    }
  }
}
