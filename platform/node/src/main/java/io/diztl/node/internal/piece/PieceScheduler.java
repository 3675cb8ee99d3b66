package io.diztl.node.internal.piece;

import java.time.Duration;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Decides which source fetches which pieces; knows nothing of bytes, hashes or sockets. Each source
 * owns a contiguous range of pieces and fetches it from its start in runs; missing pieces owned by
 * nobody are shared out among the sources without a range; a source whose range is done takes over
 * the end of the range that would take longest to finish (its owner's remaining pieces over its
 * speed), split in proportion to the two speeds; when nothing is left to take, the endgame asks for
 * pieces still in flight elsewhere a second time. A piece counts once it was verified.
 *
 * <p>A source that sends a bad piece is struck and the piece goes to another source; after {@link
 * #MAX_STRIKES} strikes, or {@link #MAX_FAILURES} failed requests in a row, it is dropped. A busy
 * source (its upload slots are full) waits and is not struck. Thread-safe; time comes from the
 * injected clock.
 *
 * <p>A node may be fetched from over several streams at once (so that more than one core works on
 * one download): each stream is a source of its own here, with its own range and speed, and the
 * streams of one node share its strikes, the pieces that failed there, and being dropped.
 */
public final class PieceScheduler {

  /** Bad pieces after which a source is dropped. */
  public static final int MAX_STRIKES = 3;

  /** Failed requests in a row (connection lost, refused) after which a source is dropped. */
  public static final int MAX_FAILURES = 5;

  /** How long a source waits after a failed request, doubled for each failure in a row. */
  static final long RETRY_NANOS = Duration.ofMillis(200).toNanos();

  /** How long a source with nothing to do waits before asking again. */
  static final long IDLE_NANOS = Duration.ofMillis(20).toNanos();

  /** The shortest time a speed is measured over, so a fresh source does not look fast. */
  private static final long MIN_SPEED_NANOS = Duration.ofMillis(1).toNanos();

  private final int pieces;
  private final int maxRun;
  private final LongSupplier clock;
  private final BitSet verified;

  /** Missing pieces in no range and in flight nowhere. */
  private final BitSet unowned = new BitSet();

  private final Map<String, Source> sources = new LinkedHashMap<>();

  private final Map<String, Holder> holders = new LinkedHashMap<>();

  /**
   * A scheduler for {@code pieces} pieces of which {@code verified} are already there.
   *
   * @param maxRun the most pieces handed out in one claim
   * @param clock nanosecond time, {@link System#nanoTime()} outside tests
   */
  public PieceScheduler(int pieces, BitSet verified, int maxRun, LongSupplier clock) {
    if (pieces < 1 || maxRun < 1) {
      throw new IllegalArgumentException(
          "expected at least one piece and a run of one or more, found " + pieces + ", " + maxRun);
    }
    this.pieces = pieces;
    this.maxRun = maxRun;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.verified = (BitSet) verified.clone();
    unowned.set(0, pieces);
    unowned.andNot(this.verified);
  }

  /** Adds a source; it gets its share of the unowned pieces at its first claim. */
  public synchronized void add(String source) {
    add(source, source);
  }

  /**
   * Adds {@code stream}, one of the streams from node {@code holder}; it gets its share of the
   * unowned pieces at its first claim, and shares strikes and drops with the holder's other
   * streams.
   */
  public synchronized void add(String stream, String holder) {
    Objects.requireNonNull(holder, "holder");
    sources.computeIfAbsent(
        Objects.requireNonNull(stream, "stream"),
        id -> new Source(holders.computeIfAbsent(holder, h -> new Holder())));
  }

  /** What {@code source} (added before) should do next; the pieces it gets are in flight. */
  public synchronized Claim claim(String source) {
    Source s = source(source);
    if (isDone()) {
      return Claim.DONE;
    }
    if (s.isDropped()) {
      return Claim.DROPPED;
    }
    long now = clock.getAsLong();
    if (now < s.retryAt) {
      return Claim.waitFor(s.retryAt - now);
    }
    while (s.next < s.end && verified.get(s.next)) {
      s.next++;
    }
    if (s.next >= s.end && !takeUnowned(s) && !steal(s)) {
      return endgame(s);
    }
    int first = s.next;
    int count = 1;
    while (count < maxRun && first + count < s.end && !verified.get(first + count)) {
      count++;
    }
    s.next = first + count;
    s.inFlight.set(first, first + count);
    if (s.claimedAt < 0) {
      s.claimedAt = now;
    }
    return Claim.fetch(first, count);
  }

  /**
   * Piece {@code piece} from {@code source} was verified and stored.
   *
   * @return whether it was new (false when another source's copy was verified first)
   */
  public synchronized boolean verified(String source, int piece, long bytes) {
    Source s = source(source);
    s.inFlight.clear(piece);
    s.failures = 0;
    s.bytes += bytes;
    if (verified.get(piece)) {
      return false;
    }
    verified.set(piece);
    unowned.clear(piece);
    return true;
  }

  /** {@code source} sent a piece that failed verification: strikes it and gives the piece away. */
  public synchronized void corrupt(String source, int piece) {
    Source s = source(source);
    Holder holder = s.holder;
    holder.strikes++;
    holder.failedHere.set(piece);
    s.inFlight.clear(piece);
    giveBack(piece);
    if (holder.strikes >= MAX_STRIKES) {
      holder.dropped = true;
      sources.values().stream().filter(other -> other.holder == holder).forEach(this::drop);
    }
  }

  /**
   * {@code source} is busy (its upload slots are full): it gives back what it holds and waits
   * {@code retryAfter}, without a strike.
   */
  public synchronized void busy(String source, Duration retryAfter) {
    Source s = source(source);
    release(s);
    s.retryAt = clock.getAsLong() + Math.max(RETRY_NANOS, retryAfter.toNanos());
  }

  /**
   * A request to {@code source} failed (connection lost, refused): it gives back what it holds and
   * waits longer after each failure in a row, and is dropped after {@link #MAX_FAILURES}.
   */
  public synchronized void failed(String source) {
    Source s = source(source);
    release(s);
    s.failures++;
    if (s.failures >= MAX_FAILURES) {
      drop(s);
    } else {
      s.retryAt = clock.getAsLong() + (RETRY_NANOS << (s.failures - 1));
    }
  }

  /** {@code source} will not fetch {@code pieces} it claimed (its request ended early). */
  public synchronized void unclaim(String source, List<Integer> pieces) {
    Source s = source(source);
    for (int piece : pieces) {
      if (s.inFlight.get(piece)) {
        s.inFlight.clear(piece);
        giveBack(piece);
      }
    }
  }

  /** Whether {@code piece} is still missing (another source's copy may have been verified). */
  public synchronized boolean isMissing(int piece) {
    return !verified.get(piece);
  }

  /** Whether every piece is verified. */
  public synchronized boolean isDone() {
    return verified.cardinality() == pieces;
  }

  /** The verified pieces. */
  public synchronized BitSet verifiedPieces() {
    return (BitSet) verified.clone();
  }

  /** The strikes of {@code source} (of its node, counted over the node's streams). */
  public synchronized int strikes(String source) {
    return source(source).holder.strikes;
  }

  /** Whether {@code source} was dropped. */
  public synchronized boolean isDropped(String source) {
    return source(source).isDropped();
  }

  private Source source(String id) {
    Source s = sources.get(Objects.requireNonNull(id, "source"));
    if (s == null) {
      throw new IllegalArgumentException("expected a source added before, found '" + id + "'");
    }
    return s;
  }

  /** Gives {@code s} its share of the largest run of unowned pieces it has not failed. */
  private boolean takeUnowned(Source s) {
    BitSet candidates = (BitSet) unowned.clone();
    if (!isAlone(s)) {
      candidates.andNot(s.holder.failedHere);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int start = candidates.nextSetBit(0); start >= 0; ) {
      int end = candidates.nextClearBit(start);
      if (end - start > bestLength) {
        bestStart = start;
        bestLength = end - start;
      }
      start = candidates.nextSetBit(end);
    }
    if (bestStart < 0) {
      return false;
    }
    long now = clock.getAsLong();
    long waiting = sources.values().stream().filter(o -> o == s || o.isIdle(now)).count();
    int share = (int) Math.max(1, (bestLength + waiting - 1) / Math.max(1, waiting));
    s.next = bestStart;
    s.end = bestStart + share;
    unowned.clear(s.next, s.end);
    return true;
  }

  /** Takes over the end of the range that would take longest, if it has two pieces or more left. */
  private boolean steal(Source thief) {
    long now = clock.getAsLong();
    Source victim = null;
    double longest = 0;
    for (Source other : sources.values()) {
      int left = unfetched(other);
      if (other == thief || other.isDropped() || left < 2) {
        continue;
      }
      double time = left / other.speed(now);
      if (time > longest) {
        longest = time;
        victim = other;
      }
    }
    if (victim == null) {
      return false;
    }
    int left = unfetched(victim);
    double thiefSpeed = thief.speed(now);
    double share = thiefSpeed / (thiefSpeed + victim.speed(now));
    int taken = Math.clamp(Math.round(left * share), 1, left - 1);
    thief.end = victim.end;
    thief.next = victim.end - taken;
    victim.end = thief.next;
    return true;
  }

  /** Whether {@code s}'s node is the only one left: then it may try again what it failed. */
  private boolean isAlone(Source s) {
    return sources.values().stream()
        .noneMatch(other -> other.holder != s.holder && !other.isDropped());
  }

  /** The pieces of {@code s}'s range not yet handed out to it. */
  private int unfetched(Source s) {
    return Math.max(0, s.end - s.next);
  }

  /**
   * Asks for a piece in flight elsewhere, the one with the fewest sources fetching it; never one
   * that another stream of the same node fetches already (the same bytes from the same place).
   */
  private Claim endgame(Source s) {
    int best = -1;
    int fewest = Integer.MAX_VALUE;
    boolean alone = isAlone(s);
    for (int piece = verified.nextClearBit(0); piece < pieces; ) {
      if (!s.inFlight.get(piece) && (alone || !s.holder.failedHere.get(piece))) {
        int fetching = 0;
        boolean sameNode = false;
        for (Source other : sources.values()) {
          if (other.inFlight.get(piece)) {
            fetching++;
            sameNode |= other.holder == s.holder;
          }
        }
        if (sameNode) {
          piece = verified.nextClearBit(piece + 1);
          continue;
        }
        if (fetching < fewest) {
          fewest = fetching;
          best = piece;
        }
      }
      piece = verified.nextClearBit(piece + 1);
    }
    if (best < 0) {
      return Claim.waitFor(IDLE_NANOS);
    }
    s.inFlight.set(best);
    return Claim.fetch(best, 1);
  }

  /** Gives back what {@code s} holds: its pieces in flight and the rest of its range. */
  private void release(Source s) {
    BitSet held = (BitSet) s.inFlight.clone();
    s.inFlight.clear();
    for (int piece = held.nextSetBit(0); piece >= 0; piece = held.nextSetBit(piece + 1)) {
      giveBack(piece);
    }
    for (int piece = s.next; piece < s.end; piece++) {
      giveBack(piece);
    }
    s.next = 0;
    s.end = 0;
  }

  /** Makes a missing piece unowned again unless another source is fetching it. */
  private void giveBack(int piece) {
    if (verified.get(piece)) {
      return;
    }
    for (Source other : sources.values()) {
      if (other.inFlight.get(piece)) {
        return;
      }
    }
    unowned.set(piece);
  }

  private void drop(Source s) {
    release(s);
    s.dropped = true;
  }

  /** What the streams of one node share: its strikes and the pieces that failed there. */
  private static final class Holder {
    final BitSet failedHere = new BitSet();
    int strikes;
    boolean dropped;
  }

  /** One source's (stream's) state. */
  private static final class Source {
    final Holder holder;
    final BitSet inFlight = new BitSet();
    long claimedAt = -1;
    long bytes;
    int next;
    int end;
    int failures;
    long retryAt;
    boolean dropped;

    Source(Holder holder) {
      this.holder = holder;
    }

    /** Whether it was dropped, or its node was. */
    boolean isDropped() {
      return dropped || holder.dropped;
    }

    /** Whether it could take a range now: usable, with nothing left to fetch or in flight. */
    boolean isIdle(long now) {
      return !isDropped() && now >= retryAt && next >= end && inFlight.isEmpty();
    }

    /** Bytes verified per nanosecond since its first claim, counted over at least 1 ms. */
    double speed(long now) {
      long since = claimedAt < 0 ? 0 : now - claimedAt;
      return (bytes + 1.0) / Math.max(MIN_SPEED_NANOS, since);
    }
  }
}
