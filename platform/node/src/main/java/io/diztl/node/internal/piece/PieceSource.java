package io.diztl.node.internal.piece;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/** One node that has the content: streams byte ranges of it. */
public interface PieceSource {

  /** A name for the source in logs and listings (the node id). */
  String id();

  /**
   * Streams the bytes {@code [offset, offset + length)} to {@code sink} in order, blocking until
   * all were given, the sink asked to stop, or the request failed.
   *
   * @throws Busy when the source has no upload slot free now
   * @throws IOException when the request failed (connection lost, refused, silent too long, more
   *     bytes than asked for)
   */
  void fetch(long offset, long length, Sink sink) throws IOException;

  /**
   * Asks for {@code [offset, offset + length)} now, after the ranges asked for before it, so that
   * the source sends it without waiting for its {@link #fetch}; the fetches that follow must ask
   * for the ranges asked ahead, in order, else those are dropped. By default nothing: each fetch
   * asks for its own range.
   */
  default void askAhead(long offset, long length) {}

  /** Ends what the source keeps open between requests (a call, say); it may be asked again. */
  default void close() {}

  /** Takes the chunks of one request. */
  interface Sink {
    /**
     * Takes the remaining bytes of {@code chunk}, which the callee may keep only until it returns.
     *
     * @return false to stop the request early
     */
    boolean accept(ByteBuffer chunk) throws IOException;

    /**
     * Takes the remaining bytes of {@code chunks[0..count)}, one after the other: a message that
     * came in several buffers, which the callee may keep only until it returns (and so write in one
     * call). By default, {@link #accept} of each.
     *
     * @return false to stop the request early
     */
    default boolean acceptAll(ByteBuffer[] chunks, int count) throws IOException {
      for (int i = 0; i < count; i++) {
        if (!accept(chunks[i])) {
          return false;
        }
      }
      return true;
    }
  }

  /** The source is busy (its upload slots are full): ask again after {@link #retryAfter()}. */
  final class Busy extends IOException {
    private static final long serialVersionUID = 1L;

    /** How long to wait before asking again. */
    private final Duration retryAfter;

    /** The source said it is busy, and when to come back. */
    public Busy(String message, Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    /** How long to wait before asking again. */
    public Duration retryAfter() {
      return retryAfter;
    }
  }
}
