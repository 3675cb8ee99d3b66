package io.diztl.node.internal.piece;

/**
 * What a {@link PieceScheduler} tells one source to do next.
 *
 * @param kind fetch, wait, or stop
 * @param first the first piece to fetch (for {@link Kind#FETCH})
 * @param count how many consecutive pieces to fetch from {@code first} on
 * @param waitNanos how long to wait before asking again (for {@link Kind#WAIT})
 */
public record Claim(Kind kind, int first, int count, long waitNanos) {

  /** What to do. */
  public enum Kind {
    /** Fetch the pieces {@code first} to {@code first + count - 1} in one request. */
    FETCH,
    /** Nothing for this source now: ask again after {@code waitNanos}. */
    WAIT,
    /** Every piece is verified. */
    DONE,
    /** This source was dropped after too many failures: stop using it. */
    DROPPED
  }

  static Claim fetch(int first, int count) {
    return new Claim(Kind.FETCH, first, count, 0);
  }

  static Claim waitFor(long nanos) {
    return new Claim(Kind.WAIT, -1, 0, Math.max(1, nanos));
  }

  static final Claim DONE = new Claim(Kind.DONE, -1, 0, 0);
  static final Claim DROPPED = new Claim(Kind.DROPPED, -1, 0, 0);
}
