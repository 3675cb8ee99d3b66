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
 * speed), split in proportion to the two speeds. From a source that lags, what is taken over may
 * include the end of the run it is fetching, all but the piece it is receiving: the owner asks
 * {@link #holds} before each piece and ends its request at the first one it no longer holds. When
 * nothing is left to take, the endgame asks a second time only for a piece whose source lags (has
 * verified nothing for {@link #LAG_PIECES} times its usual time per piece, and at least {@link
 * #MIN_LAG_NANOS}): healthy sources finishing their last pieces are not doubled, which would only
 * waste their bytes. A piece counts once it was verified.
 *
 * <p>A source that sends a bad piece is struck and the piece goes to another source; after {@link
 * #MAX_STRIKES} strikes, or {@link #MAX_FAILURES} failed requests in a row, it is dropped. A busy
 * source (its upload slots are full) waits and is not struck. Thread-safe; time comes from the
 * injected clock.
 *
 * <p>A node may be fetched from over several streams at once (so that more than one core works on
 * one download): each stream is a source of its own here, with its own range and speed, and the
 * streams of one node share its strikes, the pieces that failed there, and being dropped.
 *
 * <p>A slow node (its streams together below a speed given to the scheduler, as a node held to its
 * own upload limit is) is fetched from over its first stream only, {@link #SLOW_RUN} pieces per
 * claim (which {@link SwarmDownload} asks for in smaller parts, each while the one before it comes):
 * a second stream cannot make it faster, and all a source was asked for may be on its way, sent and
 * counted but not yet written, when the receiver is killed; the parts bound that to less than a
 * piece per slow node. Its other streams wait, holding nothing, and work again if it gets faster.
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

  /** How many of its usual times per piece a source may take before the endgame doubles it. */
  static final int LAG_PIECES = 4;

  /** The fewest pieces in a run timed by the source's speed. */
  static final int MIN_RUN = 2;

  /** The least time without a verified piece after which a source lags. */
  static final long MIN_LAG_NANOS = Duration.ofMillis(500).toNanos();

  /**
   * The speed below which a download's node is slow (its streams together, once {@link
   * #SLOW_AFTER_PIECES} pieces are verified from it): one stream, runs of {@link #SLOW_RUN}
   * pieces. A node held to 10 MiB/s is; a fast source that a busy receiver slows down to this would
   * lose little by it.
   */
  static final long SLOW_BYTES_PER_SECOND = 16L << 20;

  /**
   * How many pieces a slow node's claim holds: more than one, so that the first part of the next
   * piece is asked for while the last part of one comes.
   */
  static final int SLOW_RUN = 2;

  /** How many pieces a node's streams verify before its speed decides whether it is slow. */
  static final int SLOW_AFTER_PIECES = 8;

  /** The shortest time a speed is measured over, so a fresh source does not look fast. */
  private static final long MIN_SPEED_NANOS = Duration.ofMillis(1).toNanos();

  private final int pieces;
  private final int maxRun;
  private final long runNanos;
  private final long slowBytesPerSecond;
  private final LongSupplier clock;
  private final BitSet verified;

  /** Missing pieces in no range and in flight nowhere. */
  private final BitSet unowned = new BitSet();

  private final Map<String, Source> sources = new LinkedHashMap<>();

  private final Map<String, Holder> holders = new LinkedHashMap<>();

  /** Missing pieces that begin a run when handed out (see {@link #startRunsAt}). */
  private final BitSet runStarts = new BitSet();

  /**
   * A scheduler for {@code pieces} pieces of which {@code verified} are already there that hands
   * out runs of {@code maxRun} pieces.
   *
   * @param maxRun the most pieces handed out in one claim
   * @param clock nanosecond time, {@link System#nanoTime()} outside tests
   */
  public PieceScheduler(int pieces, BitSet verified, int maxRun, LongSupplier clock) {
    this(pieces, verified, maxRun, 0, clock);
  }

  /**
   * A scheduler for {@code pieces} pieces of which {@code verified} are already there that hands
   * each source runs it fetches in about {@code runNanos} at its speed so far: at least {@link
   * #MIN_RUN} pieces (all a source gets before its speed is known), at most {@code maxRun}. What a
   * source was asked for and not yet sent is all that can be on its way when the receiver stops, so
   * this bounds it by time rather than by a fixed size, while a run stays long enough beside the
   * round trip that starts it to keep the link busy.
   *
   * @param maxRun the most pieces handed out in one claim
   * @param runNanos the time a run should take at its source's speed; 0 for runs of {@code maxRun}
   * @param clock nanosecond time, {@link System#nanoTime()} outside tests
   */
  public PieceScheduler(
      int pieces, BitSet verified, int maxRun, long runNanos, LongSupplier clock) {
    this(pieces, verified, maxRun, runNanos, 0, clock);
  }

  /**
   * As above, and a node below {@code slowBytesPerSecond} (its streams together) is fetched from
   * over one stream in runs of {@link #SLOW_RUN} pieces (see the class comment; {@link
   * #SLOW_BYTES_PER_SECOND} is the download's); 0 for no such rule.
   */
  public PieceScheduler(
      int pieces,
      BitSet verified,
      int maxRun,
      long runNanos,
      long slowBytesPerSecond,
      LongSupplier clock) {
    if (pieces < 1 || maxRun < 1 || runNanos < 0 || slowBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "expected at least one piece, a run of one or more, a run time and a slow speed of 0 or"
              + " more, found "
              + pieces
              + ", "
              + maxRun
              + ", "
              + runNanos
              + ", "
              + slowBytesPerSecond);
    }
    this.pieces = pieces;
    this.maxRun = maxRun;
    this.runNanos = runNanos;
    this.slowBytesPerSecond = slowBytesPerSecond;
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

  /**
   * Makes each of {@code pieces} the first of a run of its own when it is handed out (the run
   * before it ends there), the first time: pieces whose start the partial holds, so that a request
   * can begin where that start ends.
   */
  public synchronized void startRunsAt(BitSet pieces) {
    runStarts.or(pieces);
    runStarts.andNot(verified);
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
    if (isParked(s, now)) {
      release(s);
      return Claim.waitFor(IDLE_NANOS);
    }
    while (s.next < s.end && verified.get(s.next)) {
      s.next++;
    }
    if (s.next >= s.end && !takeUnowned(s) && !steal(s)) {
      return endgame(s);
    }
    int first = s.next;
    int run = run(s);
    int count = 1;
    while (count < run
        && first + count < s.end
        && !verified.get(first + count)
        && !runStarts.get(first + count)) {
      count++;
    }
    runStarts.clear(first);
    s.next = first + count;
    begin(s, now);
    s.inFlight.set(first, first + count);
    return Claim.fetch(first, count);
  }

  /**
   * Whether {@code source} should go on to fetch {@code piece} of its current claim: it is still
   * missing and was not taken over by another source.
   */
  public synchronized boolean holds(String source, int piece) {
    return source(source).inFlight.get(piece) && !verified.get(piece);
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
    s.pieces++;
    s.progressAt = clock.getAsLong();
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

  /**
   * Whether {@code source}'s node is slow: fetched from over one stream in runs of {@link
   * #SLOW_RUN} pieces (see the class comment).
   */
  synchronized boolean isSlow(String source) {
    return isSlow(source(source).holder, clock.getAsLong());
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
    long waiting =
        sources.values().stream().filter(o -> o == s || o.isIdle(now) && !isParked(o, now)).count();
    int share = (int) Math.max(1, (bestLength + waiting - 1) / Math.max(1, waiting));
    s.next = bestStart;
    s.end = bestStart + share;
    unowned.clear(s.next, s.end);
    return true;
  }

  /**
   * Takes over the end of the range that would take longest, if it has two pieces or more left:
   * those not handed out yet, or, from a source that lags, those from the one it fetches now (which
   * it keeps) on. A healthy source's request is never cut: the bytes already on their way for it
   * would be lost, and its run ends soon anyway.
   */
  private boolean steal(Source thief) {
    long now = clock.getAsLong();
    Source victim = null;
    double longest = 0;
    for (Source other : sources.values()) {
      int left = left(other, now);
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
    int left = left(victim, now);
    double thiefSpeed = thief.speed(now);
    double share = thiefSpeed / (thiefSpeed + victim.speed(now));
    int taken = Math.clamp(Math.round(left * share), 1, left - 1);
    int cut = victim.end - taken;
    thief.end = victim.end;
    thief.next = cut;
    victim.end = cut;
    if (victim.next > cut) {
      // The end of the run it is fetching: it stops there (see holds), the thief fetches it.
      victim.inFlight.clear(cut, victim.next);
      victim.next = cut;
    }
    return true;
  }

  /**
   * The pieces of {@code s}'s range that may be taken over: those not handed out yet, or, when it
   * lags, those from the one it fetches now (the first of its run still in flight).
   */
  private static int left(Source s, long now) {
    int from =
        s.inFlight.isEmpty() || !s.lags(now) ? s.next : Math.min(s.next, s.inFlight.nextSetBit(0));
    return Math.max(0, s.end - from);
  }

  /** Whether {@code s}'s node is the only one left: then it may try again what it failed. */
  private boolean isAlone(Source s) {
    return sources.values().stream()
        .noneMatch(other -> other.holder != s.holder && !other.isDropped());
  }

  /**
   * Asks for a piece in flight elsewhere only at sources that lag, the one with the fewest sources
   * fetching it; never one that another stream of the same node fetches already (the same bytes
   * from the same place).
   */
  private Claim endgame(Source s) {
    int best = -1;
    int fewest = Integer.MAX_VALUE;
    boolean alone = isAlone(s);
    long now = clock.getAsLong();
    for (int piece = verified.nextClearBit(0); piece < pieces; ) {
      if (!s.inFlight.get(piece) && (alone || !s.holder.failedHere.get(piece))) {
        int fetching = 0;
        boolean sameNode = false;
        boolean lagging = true;
        for (Source other : sources.values()) {
          if (other.inFlight.get(piece)) {
            fetching++;
            sameNode |= other.holder == s.holder;
            lagging &= other.lags(now);
          }
        }
        if (sameNode) {
          piece = verified.nextClearBit(piece + 1);
          continue;
        }
        if (lagging && fetching < fewest) {
          fewest = fetching;
          best = piece;
        }
      }
      piece = verified.nextClearBit(piece + 1);
    }
    if (best < 0) {
      return Claim.waitFor(IDLE_NANOS);
    }
    begin(s, now);
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

  /** The most pieces {@code s} gets in its next run. */
  private int run(Source s) {
    if (isSlow(s.holder, clock.getAsLong())) {
      return Math.min(SLOW_RUN, maxRun);
    }
    if (runNanos == 0) {
      return maxRun;
    }
    long spent = s.progressAt - s.claimedAt;
    int least = Math.min(maxRun, MIN_RUN);
    if (s.pieces == 0 || spent <= 0) {
      return least;
    }
    double perRun = Math.ceil((double) s.pieces * runNanos / spent);
    return Math.clamp((long) perRun, least, maxRun);
  }

  /**
   * Whether {@code s} waits, holding nothing, while another stream of its slow node fetches: every
   * stream of a slow node but its first one still usable.
   */
  private boolean isParked(Source s, long now) {
    if (!isSlow(s.holder, now)) {
      return false;
    }
    for (Source other : sources.values()) {
      if (other.holder == s.holder && !other.isDropped()) {
        return other != s;
      }
    }
    return false;
  }

  /**
   * Whether {@code holder}'s streams together, from the first claim of any of them, fetched below
   * the slow speed, once they verified {@link #SLOW_AFTER_PIECES} pieces.
   */
  private boolean isSlow(Holder holder, long now) {
    if (slowBytesPerSecond == 0) {
      return false;
    }
    long bytes = 0;
    int verifiedThere = 0;
    long since = Long.MAX_VALUE;
    for (Source s : sources.values()) {
      if (s.holder == holder && s.claimedAt >= 0) {
        bytes += s.bytes;
        verifiedThere += s.pieces;
        since = Math.min(since, s.claimedAt);
      }
    }
    if (verifiedThere < SLOW_AFTER_PIECES) {
      return false;
    }
    double seconds = Math.max(MIN_SPEED_NANOS, now - since) / 1e9;
    return bytes / seconds < slowBytesPerSecond;
  }

  /**
   * Notes that {@code s} claims pieces at {@code now}: if it had none in flight, its lag starts.
   */
  private static void begin(Source s, long now) {
    if (s.claimedAt < 0) {
      s.claimedAt = now;
    }
    if (s.inFlight.isEmpty()) {
      s.progressAt = now;
    }
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

    /** When it last verified a piece or, if later, started a claim from idle. */
    long progressAt;

    int pieces;
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

    /**
     * Whether it has verified nothing for {@link #LAG_PIECES} times its usual time per piece (from
     * its first claim to its last verified piece) and at least {@link #MIN_LAG_NANOS}.
     */
    boolean lags(long now) {
      long perPiece = pieces == 0 ? 0 : (progressAt - claimedAt) / pieces;
      return now - progressAt >= Math.max(MIN_LAG_NANOS, LAG_PIECES * perPiece);
    }

    /** Bytes verified per nanosecond since its first claim, counted over at least 1 ms. */
    double speed(long now) {
      long since = claimedAt < 0 ? 0 : now - claimedAt;
      return (bytes + 1.0) / Math.max(MIN_SPEED_NANOS, since);
    }
  }
}
