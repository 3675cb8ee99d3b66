package io.diztl.node.internal.transfer.limit;

/**
 * The upload side of a {@link TransferLimiter} for one stream to one peer: the sender reports each
 * chunk it sent and pauses for the time it is told, resuming from a scheduler rather than blocking
 * a gRPC thread. Thread-safe; never blocks.
 */
public interface UploadPacer extends AutoCloseable {

  /** No limit: never asks to pause, any chunk size. */
  UploadPacer NONE =
      new UploadPacer() {
        @Override
        public long sent(long bytes) {
          return 0;
        }

        @Override
        public int chunkBytes(int wanted) {
          return wanted;
        }

        @Override
        public void close() {}
      };

  /**
   * Counts {@code bytes} just sent.
   *
   * @return how long, in nanoseconds, the sender should pause before sending more; 0 for at once
   */
  long sent(long bytes);

  /**
   * The chunk size to send, at most {@code wanted}: small enough under a low limit that a receiver
   * hears from the sender several times a second.
   */
  int chunkBytes(int wanted);

  /** Ends the stream's share of the per-peer limit. */
  @Override
  void close();
}
