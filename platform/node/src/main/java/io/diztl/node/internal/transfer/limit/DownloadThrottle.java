package io.diztl.node.internal.transfer.limit;

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
}
