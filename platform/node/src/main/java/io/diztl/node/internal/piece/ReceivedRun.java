package io.diztl.node.internal.piece;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Puts the bytes one stream receives for a piece into the part in runs rather than one write per
 * network buffer (16 KiB, so 65,536 writes per GiB): the run is written when it reaches {@link
 * #RUN_BYTES}, when its first byte has waited {@link #RUN_NANOS}, when the piece is complete, and
 * when the request ends. A receiver killed midway so loses at most what one run held. A slow node's
 * stream writes each buffer as it comes instead: at its speed the writes cost next to nothing, and
 * a kill then loses only what was still on the wire.
 */
final class ReceivedRun {

  /** The most received bytes held before they are written. */
  static final int RUN_BYTES = 256 * 1024;

  /** The longest a received byte waits to be written once another arrives after it. */
  static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** Where a run goes: the part, at byte {@code at} of piece {@code piece}. */
  interface Store {
    /** Writes {@code bytes}; false when the download must stop (the store failed). */
    boolean write(int piece, int at, ByteBuffer bytes);
  }

  private final Store store;
  private final LongSupplier clock;
  private final long holdNanos;
  private int piece;
  private int written;
  private boolean holding;
  private long heldSince;

  /**
   * Runs into {@code store}, timed by {@code clock}; {@code atOnce} writes every buffer as it comes
   * (for a slow node's stream).
   */
  ReceivedRun(Store store, LongSupplier clock, boolean atOnce) {
    this.store = store;
    this.clock = clock;
    this.holdNanos = atOnce ? 0 : RUN_NANOS;
  }

  /** Starts piece {@code piece}, whose first {@code written} bytes are in the part already. */
  void begin(int piece, int written) {
    this.piece = piece;
    this.written = written;
    this.holding = false;
  }

  /**
   * Bytes were added to {@code buffer}, which holds the piece from its start up to its position:
   * writes the run if it is due.
   *
   * @return false when the download must stop
   */
  boolean received(ByteBuffer buffer) {
    int held = buffer.position() - written;
    if (held <= 0) {
      return true;
    }
    long now = clock.getAsLong();
    if (!holding) {
      holding = true;
      heldSince = now;
    }
    if (held >= RUN_BYTES || !buffer.hasRemaining() || now - heldSince >= holdNanos) {
      return flush(buffer);
    }
    return true;
  }

  /**
   * Writes what {@code buffer} holds beyond what is written.
   *
   * @return false when the download must stop
   */
  boolean flush(ByteBuffer buffer) {
    int end = buffer.position();
    holding = false;
    if (end <= written) {
      return true;
    }
    int at = written;
    written = end;
    return store.write(piece, at, buffer.slice(at, end - at));
  }
}
