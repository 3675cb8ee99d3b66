package io.diztl.node.internal.transfer.limit;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The download side of a {@link TransferLimiter}: a receiver reports each chunk it took and waits
 * the time it is told before taking the next, so that gRPC's flow control slows the sender down.
 * Thread-safe; never blocks.
 */
@FunctionalInterface
public interface DownloadThrottle {

  /** No limit: never asks to wait. */
  DownloadThrottle NONE = bytes -> 0;

  /**
   * Counts {@code bytes} just received.
   *
   * @return how long, in nanoseconds, the receiver should wait before taking more; 0 for at once
   */
  long received(long bytes);

  /**
   * Counts {@code bytes} just received and waits, on the calling (receiving) thread, as long as the
   * limit asks; gRPC's flow control then slows the sender down.
   *
   * @throws InterruptedIOException when the thread is interrupted while it waits
   */
  default void hold(long bytes) throws InterruptedIOException {
    long nanos = received(bytes);
    if (nanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while holding to the download limit");
      }
    }
  }
}
