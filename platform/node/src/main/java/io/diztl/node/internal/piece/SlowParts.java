package io.diztl.node.internal.piece;

/**
 * The size of the parts a slow node's pieces are asked for in, one after the other, over one
 * stream, each asked for once half of the one before it came (so that the node never waits for the
 * receiver's next ask within a claim, while at most one and a half parts are on their way). Near,
 * it stays at {@link #MIN_BYTES}: each part costs both sides a message's work, which on a loaded
 * machine limits a slow node's speed more than the bytes do, and a receiver killed midway still
 * loses less than a piece of such a source. Far, the first part of each claim waits a round trip
 * for its first byte, during which the node sends nothing: a part then holds about {@link
 * #WAIT_SHARE} times what the node could send during that wait, so the waits cost it little of its
 * speed. The wait counted is the shortest of the last {@link #WAITS} measured parts' (the round
 * trip; a stall of either process makes one wait long, and a larger part would only put more on the
 * way when a kill comes), and each part moves the size halfway to what the figures call for, so
 * that one late answer does not swing it. A part is never more than half a piece: what is on its
 * way when the receiver is killed (the rest of the part coming and the one asked for ahead), and
 * so lost, stays below three quarters of a piece per slow node (a far node fetching a file of small
 * pieces pays for it in speed).
 */
final class SlowParts {

  /** The smallest part: half the smallest piece. */
  static final long MIN_BYTES = 64 * 1024;

  /** The largest part, for pieces of 4 MiB and more. */
  static final long MAX_BYTES = 1024 * 1024;

  /** How many times what the node could send during one wait for a first byte a part holds. */
  static final int WAIT_SHARE = 4;

  /** How many of the latest parts' waits the round trip is the shortest of. */
  static final int WAITS = 8;

  private final double[] waits = new double[WAITS];
  private int measuredParts;
  private final long maxBytes;
  private long bytes = MIN_BYTES;

  /** Parts of a download cut in pieces of {@code pieceSize} bytes. */
  SlowParts(int pieceSize) {
    this.maxBytes = Math.clamp(pieceSize / 2, MIN_BYTES, MAX_BYTES);
  }

  /** The size of the next part. */
  synchronized long bytes() {
    return bytes;
  }

  /**
   * Notes one part: {@code received} bytes, of which the first {@code firstBytes} came {@code
   * firstNanos} after the ask and the others over the {@code restNanos} after them.
   */
  synchronized void measured(long received, long firstBytes, long firstNanos, long restNanos) {
    long rest = received - firstBytes;
    if (rest <= 0 || restNanos <= 0 || firstNanos < 0) {
      return; // too little to tell the node's speed
    }
    double bytesPerNano = (double) rest / restNanos;
    // The first bytes took their own time to send: what is left of the wait is the round trip.
    waits[measuredParts++ % WAITS] = Math.max(0, firstNanos - firstBytes / bytesPerNano);
    double roundTrip = Double.MAX_VALUE;
    for (int i = 0; i < Math.min(measuredParts, WAITS); i++) {
      roundTrip = Math.min(roundTrip, waits[i]);
    }
    double wanted = Math.min(bytesPerNano * roundTrip * WAIT_SHARE, maxBytes);
    bytes = Math.clamp(Math.round((bytes + wanted) / 2), MIN_BYTES, maxBytes);
  }
}
