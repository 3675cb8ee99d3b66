package io.diztl.node.internal.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.node.internal.piece.Claim.Kind;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PieceSchedulerTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private PieceScheduler scheduler(int pieces, int maxRun, String... sources) {
    return scheduler(pieces, new BitSet(), maxRun, sources);
  }

  private PieceScheduler scheduler(int pieces, BitSet had, int maxRun, String... sources) {
    PieceScheduler scheduler = new PieceScheduler(pieces, had, maxRun, now::get);
    for (String source : sources) {
      scheduler.add(source);
    }
    return scheduler;
  }

  /** Claims for {@code source} and verifies every piece it gets, until it gets none. */
  private static Set<Integer> drain(PieceScheduler scheduler, String source) {
    Set<Integer> got = new HashSet<>();
    for (Claim claim = scheduler.claim(source);
        claim.kind() == Kind.FETCH;
        claim = scheduler.claim(source)) {
      for (int piece = claim.first(); piece < claim.first() + claim.count(); piece++) {
        scheduler.verified(source, piece, 100);
        got.add(piece);
      }
    }
    return got;
  }

  @Test
  void splitsTheMissingPiecesIntoOneContiguousRangePerSource() {
    PieceScheduler scheduler = scheduler(30, 100, "a", "b", "c");
    assertEquals(Claim.fetch(0, 10), scheduler.claim("a"));
    assertEquals(Claim.fetch(10, 10), scheduler.claim("b"));
    assertEquals(Claim.fetch(20, 10), scheduler.claim("c"));
  }

  @Test
  void handsOutRunsOfAtMostMaxRunPieces() {
    PieceScheduler scheduler = scheduler(10, 4, "a");
    assertEquals(Claim.fetch(0, 4), scheduler.claim("a"));
    assertEquals(Claim.fetch(4, 4), scheduler.claim("a"));
    assertEquals(Claim.fetch(8, 2), scheduler.claim("a"));
  }

  @Test
  void runsLastAboutTheRunTimeAtTheSourcesSpeed() {
    long runNanos = Duration.ofMillis(50).toNanos();
    PieceScheduler scheduler = new PieceScheduler(1000, new BitSet(), 64, runNanos, now::get);
    scheduler.add("a");
    assertEquals(Claim.fetch(0, PieceScheduler.MIN_RUN), scheduler.claim("a"), "speed unknown");
    now.addAndGet(Duration.ofMillis(10).toNanos());
    scheduler.verified("a", 0, 100);
    scheduler.verified("a", 1, 100);
    // Two pieces in 10 ms: ten in 50 ms.
    assertEquals(Claim.fetch(2, 10), scheduler.claim("a"));
    for (int piece = 2; piece < 12; piece++) {
      scheduler.verified("a", piece, 100);
    }
    // Twelve pieces in 10 ms: sixty in 50 ms.
    assertEquals(Claim.fetch(12, 60), scheduler.claim("a"));
    for (int piece = 12; piece < 72; piece++) {
      scheduler.verified("a", piece, 100);
    }
    // Far more than 64 in 50 ms at that speed: the most a run may be.
    assertEquals(Claim.fetch(72, 64), scheduler.claim("a"));
  }

  @Test
  void aPieceWhoseStartThePartialHoldsBeginsARunOfItsOwnOnce() {
    PieceScheduler scheduler = new PieceScheduler(10, new BitSet(), 8, now::get);
    scheduler.add("a");
    BitSet started = new BitSet();
    started.set(3);
    scheduler.startRunsAt(started);
    assertEquals(Claim.fetch(0, 3), scheduler.claim("a"));
    assertEquals(Claim.fetch(3, 7), scheduler.claim("a"));
    scheduler.unclaim("a", List.of(3, 4, 5, 6, 7, 8, 9));
    assertEquals(Claim.fetch(3, 7), scheduler.claim("a"), "given back, it starts no run again");
  }

  @Test
  void verifiedPiecesAreNeverHandedOutAgain() {
    BitSet had = new BitSet();
    had.set(0, 5);
    had.set(7);
    PieceScheduler scheduler = scheduler(10, had, 100, "a");
    assertEquals(Claim.fetch(5, 2), scheduler.claim("a"));
    scheduler.verified("a", 5, 1);
    scheduler.verified("a", 6, 1);
    assertEquals(Claim.fetch(8, 2), scheduler.claim("a"));
    scheduler.verified("a", 8, 1);
    scheduler.verified("a", 9, 1);
    assertEquals(Claim.DONE, scheduler.claim("a"));
  }

  @Test
  void aFastSourceTakesOverMostOfTheSlowestRemainingRange() {
    PieceScheduler scheduler = scheduler(40, 1, "fast", "slow");
    assertEquals(Claim.fetch(0, 1), scheduler.claim("fast"));
    assertEquals(Claim.fetch(20, 1), scheduler.claim("slow"));
    now.addAndGet(1_000_000);
    scheduler.verified("fast", 0, 100_000);
    for (int i = 1; i < 20; i++) {
      assertEquals(Claim.fetch(i, 1), scheduler.claim("fast"));
      scheduler.verified("fast", i, 100_000);
    }
    now.addAndGet(10_000_000);
    // "slow" verified nothing of its 20: "fast" takes over the end of its range, most of it.
    Claim stolen = scheduler.claim("fast");
    assertEquals(Kind.FETCH, stolen.kind());
    assertTrue(stolen.first() > 21 && stolen.first() < 40, "took " + stolen);
    for (int piece = 21; piece < stolen.first(); piece++) {
      assertEquals(Claim.fetch(piece, 1), scheduler.claim("slow"));
    }
    // Its range now ends where the stolen part starts: only the endgame hands out more.
    assertEquals(Claim.fetch(stolen.first() + 1, 1), scheduler.claim("fast"));
  }

  @Test
  void theEndgameAsksForAPieceInFlightAtALaggingSourceAndTheFirstCopyWins() {
    PieceScheduler scheduler = scheduler(2, 10, "a", "b");
    assertEquals(Claim.fetch(0, 1), scheduler.claim("a"));
    assertEquals(Claim.fetch(1, 1), scheduler.claim("b"));
    now.addAndGet(1_000_000);
    scheduler.verified("a", 0, 1);
    // "b" is on its last piece and not late: asking it of "a" too would only waste bytes.
    assertEquals(Kind.WAIT, scheduler.claim("a").kind());
    now.addAndGet(PieceScheduler.MIN_LAG_NANOS);
    assertEquals(Claim.fetch(1, 1), scheduler.claim("a"));
    assertTrue(scheduler.verified("a", 1, 1));
    assertFalse(scheduler.verified("b", 1, 1));
    assertTrue(scheduler.isDone());
    assertEquals(Claim.DONE, scheduler.claim("b"));
  }

  @Test
  void streamsOfOneNodeEachGetARangeOfTheirOwn() {
    PieceScheduler scheduler = new PieceScheduler(30, new BitSet(), 100, now::get);
    scheduler.add("a#1", "a");
    scheduler.add("a#2", "a");
    scheduler.add("b");
    assertEquals(Claim.fetch(0, 10), scheduler.claim("a#1"));
    assertEquals(Claim.fetch(10, 10), scheduler.claim("a#2"));
    assertEquals(Claim.fetch(20, 10), scheduler.claim("b"));
  }

  @Test
  void strikesOnAnyStreamCountForTheNodeAndDropEveryStreamOfIt() {
    PieceScheduler scheduler = new PieceScheduler(30, new BitSet(), 1, now::get);
    scheduler.add("bad#1", "bad");
    scheduler.add("bad#2", "bad");
    scheduler.add("good");
    scheduler.corrupt("bad#1", scheduler.claim("bad#1").first());
    scheduler.corrupt("bad#2", scheduler.claim("bad#2").first());
    assertEquals(2, scheduler.strikes("bad#1"));
    assertEquals(2, scheduler.strikes("bad#2"));
    assertFalse(scheduler.isDropped("bad#2"));
    scheduler.corrupt("bad#1", scheduler.claim("bad#1").first());
    assertTrue(scheduler.isDropped("bad#1"));
    assertTrue(scheduler.isDropped("bad#2"));
    assertEquals(Claim.DROPPED, scheduler.claim("bad#2"));
    assertEquals(0, scheduler.strikes("good"));
    assertEquals(30, drain(scheduler, "good").size());
    assertTrue(scheduler.isDone());
  }

  @Test
  void aPieceThatFailedAtANodeGoesToAnotherNodeNotToItsOtherStream() {
    PieceScheduler scheduler = new PieceScheduler(4, new BitSet(), 10, now::get);
    scheduler.add("bad#1", "bad");
    scheduler.add("bad#2", "bad");
    scheduler.add("good");
    Claim first = scheduler.claim("bad#1");
    scheduler.corrupt("bad#1", first.first());
    // The struck piece is unowned again; the node's other stream may not take it.
    for (Claim claim = scheduler.claim("bad#2");
        claim.kind() == Kind.FETCH;
        claim = scheduler.claim("bad#2")) {
      for (int piece = claim.first(); piece < claim.first() + claim.count(); piece++) {
        assertTrue(piece != first.first(), "the other stream of the node that failed it got it");
        scheduler.verified("bad#2", piece, 1);
      }
    }
    assertTrue(drain(scheduler, "good").contains(first.first()));
  }

  @Test
  void theEndgameNeverAsksTheSameNodeTwiceForOnePiece() {
    PieceScheduler scheduler = new PieceScheduler(2, new BitSet(), 10, now::get);
    scheduler.add("a#1", "a");
    scheduler.add("a#2", "a");
    assertEquals(Claim.fetch(0, 1), scheduler.claim("a#1"));
    assertEquals(Claim.fetch(1, 1), scheduler.claim("a#2"));
    scheduler.verified("a#1", 0, 1);
    // Piece 1 is in flight on the node's other stream: the same bytes from the same place.
    assertEquals(Kind.WAIT, scheduler.claim("a#1").kind());
    scheduler.verified("a#2", 1, 1);
    assertEquals(Claim.DONE, scheduler.claim("a#1"));
  }

  @Test
  void aStreamTakesOverPartOfItsSiblingsRangeWhenItsOwnIsDone() {
    PieceScheduler scheduler = new PieceScheduler(20, new BitSet(), 1, now::get);
    scheduler.add("a#1", "a");
    scheduler.add("a#2", "a");
    assertEquals(Claim.fetch(0, 1), scheduler.claim("a#1"));
    assertEquals(Claim.fetch(10, 1), scheduler.claim("a#2"));
    now.addAndGet(1_000_000);
    for (int piece = 0; piece < 10; piece++) {
      scheduler.verified("a#1", piece, 100);
      if (piece < 9) {
        assertEquals(Claim.fetch(piece + 1, 1), scheduler.claim("a#1"));
      }
    }
    scheduler.verified("a#2", 10, 100);
    Claim taken = scheduler.claim("a#1");
    assertEquals(Kind.FETCH, taken.kind());
    assertTrue(taken.first() > 10, "expected a piece of the sibling's range, found " + taken);
  }

  @Test
  void aSourceLagsAfterFourTimesItsUsualTimePerPiece() {
    PieceScheduler scheduler = scheduler(10, 1, "steady", "quick");
    assertEquals(Claim.fetch(0, 1), scheduler.claim("steady"));
    assertEquals(Claim.fetch(5, 1), scheduler.claim("quick"));
    long perPiece = PieceScheduler.MIN_LAG_NANOS;
    for (int piece = 0; piece < 4; piece++) {
      now.addAndGet(perPiece);
      scheduler.verified("steady", piece, 1);
      assertEquals(Claim.fetch(piece + 1, 1), scheduler.claim("steady"));
    }
    for (int piece = 5; piece < 10; piece++) {
      scheduler.verified("quick", piece, 1);
      if (piece < 9) {
        assertEquals(Claim.fetch(piece + 1, 1), scheduler.claim("quick"));
      }
    }
    // "steady" fetches its last piece, 4; one piece left is nothing to take over.
    now.addAndGet(3 * perPiece);
    assertEquals(Kind.WAIT, scheduler.claim("quick").kind(), "three pieces' time is not late");
    now.addAndGet(perPiece);
    assertEquals(Claim.fetch(4, 1), scheduler.claim("quick"));
  }

  @Test
  void aSourceTakesOverTheEndOfARunInFlightAtALaggingSourceAndItsOwnerStopsThere() {
    PieceScheduler scheduler = scheduler(20, 10, "a", "b");
    assertEquals(Claim.fetch(0, 10), scheduler.claim("a"));
    assertEquals(Claim.fetch(10, 10), scheduler.claim("b"));
    now.addAndGet(1_000_000);
    for (int piece = 10; piece < 20; piece++) {
      scheduler.verified("b", piece, 100);
    }
    scheduler.verified("a", 0, 100);
    // "a" has verified one piece of its run, "b" all ten; "a" is not late: its run is left alone.
    assertEquals(Kind.WAIT, scheduler.claim("b").kind());
    now.addAndGet(PieceScheduler.MIN_LAG_NANOS);
    // Now it lags: "b" takes most of the rest of its run.
    Claim taken = scheduler.claim("b");
    assertEquals(Kind.FETCH, taken.kind());
    assertEquals(10, taken.first() + taken.count(), "took " + taken);
    assertTrue(taken.first() > 1 && taken.first() < 10, "took " + taken);
    for (int piece = 1; piece < taken.first(); piece++) {
      assertTrue(scheduler.holds("a", piece), "kept " + piece);
    }
    assertFalse(scheduler.holds("a", taken.first()), "the owner stops where the taken part starts");
    assertFalse(scheduler.holds("a", 0), "verified");
  }

  @Test
  void aSourceWithNothingLeftWaitsWhileItsOwnPiecesAreInFlight() {
    PieceScheduler scheduler = scheduler(1, 10, "a");
    assertEquals(Claim.fetch(0, 1), scheduler.claim("a"));
    assertEquals(Kind.WAIT, scheduler.claim("a").kind());
  }

  @Test
  void aBadPieceStrikesItsSenderAndIsFetchedFromAnother() {
    PieceScheduler scheduler = scheduler(4, 10, "bad", "good");
    assertEquals(Claim.fetch(0, 2), scheduler.claim("bad"));
    assertEquals(Claim.fetch(2, 2), scheduler.claim("good"));
    scheduler.verified("bad", 0, 1);
    scheduler.corrupt("bad", 1);
    assertEquals(1, scheduler.strikes("bad"));
    // "bad" may not have piece 1 again while another source is there; "good" is fetching 2 and 3.
    assertEquals(Kind.WAIT, scheduler.claim("bad").kind());
    scheduler.verified("good", 2, 1);
    scheduler.verified("good", 3, 1);
    assertEquals(Claim.fetch(1, 1), scheduler.claim("good"));
    assertEquals(Kind.WAIT, scheduler.claim("bad").kind());
  }

  @Test
  void aSourceIsDroppedAfterThreeStrikesAndItsRangeGoesToTheOthers() {
    PieceScheduler scheduler = scheduler(20, 1, "bad", "good");
    for (int strike = 0; strike < PieceScheduler.MAX_STRIKES; strike++) {
      Claim claim = scheduler.claim("bad");
      assertEquals(Kind.FETCH, claim.kind());
      scheduler.corrupt("bad", claim.first());
    }
    assertTrue(scheduler.isDropped("bad"));
    assertEquals(Claim.DROPPED, scheduler.claim("bad"));
    Set<Integer> got = drain(scheduler, "good");
    assertEquals(20, got.size());
    assertTrue(scheduler.isDone());
  }

  @Test
  void aBusySourceWaitsItsTurnWithoutAStrike() {
    PieceScheduler scheduler = scheduler(10, 100, "busy", "other");
    assertEquals(Claim.fetch(0, 5), scheduler.claim("busy"));
    scheduler.busy("busy", Duration.ofSeconds(2));
    assertEquals(0, scheduler.strikes("busy"));
    Claim waiting = scheduler.claim("busy");
    assertEquals(Kind.WAIT, waiting.kind());
    assertEquals(Duration.ofSeconds(2).toNanos(), waiting.waitNanos());
    // What it held is anyone's now.
    assertEquals(Claim.fetch(0, 10), scheduler.claim("other"));
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertEquals(Kind.FETCH, scheduler.claim("busy").kind());
    assertFalse(scheduler.isDropped("busy"));
  }

  @Test
  void failedRequestsBackOffAndDropTheSourceAfterFiveInARow() {
    PieceScheduler scheduler = scheduler(10, 100, "flaky", "other");
    for (int failure = 1; failure < PieceScheduler.MAX_FAILURES; failure++) {
      assertEquals(Kind.FETCH, scheduler.claim("flaky").kind());
      scheduler.failed("flaky");
      Claim waiting = scheduler.claim("flaky");
      assertEquals(PieceScheduler.RETRY_NANOS << (failure - 1), waiting.waitNanos());
      now.addAndGet(waiting.waitNanos());
    }
    assertEquals(Kind.FETCH, scheduler.claim("flaky").kind());
    scheduler.failed("flaky");
    assertEquals(Claim.DROPPED, scheduler.claim("flaky"));
    assertEquals(10, drain(scheduler, "other").size());
  }

  @Test
  void aVerifiedPieceResetsTheFailuresInARow() {
    PieceScheduler scheduler = scheduler(10, 1, "flaky");
    for (int round = 0; round < 2 * PieceScheduler.MAX_FAILURES; round++) {
      Claim claim = scheduler.claim("flaky");
      now.addAndGet(claim.waitNanos());
      claim = scheduler.claim("flaky");
      if (round % 2 == 0) {
        scheduler.failed("flaky");
      } else {
        scheduler.verified("flaky", claim.first(), 1);
      }
    }
    assertFalse(scheduler.isDropped("flaky"));
  }

  @Test
  void theLastSourceMayRetryAPieceItSentBadly() {
    PieceScheduler scheduler = scheduler(1, 1, "only");
    assertEquals(Claim.fetch(0, 1), scheduler.claim("only"));
    scheduler.corrupt("only", 0);
    assertEquals(Claim.fetch(0, 1), scheduler.claim("only"));
  }

  /** A scheduler with the download's slow speed and two streams of node {@code "n"}. */
  private PieceScheduler slowRule(int pieces) {
    long runNanos = Duration.ofMillis(50).toNanos();
    PieceScheduler scheduler =
        new PieceScheduler(
            pieces, new BitSet(), 64, runNanos, PieceScheduler.SLOW_BYTES_PER_SECOND, now::get);
    scheduler.add("n#1", "n");
    scheduler.add("n#2", "n");
    return scheduler;
  }

  /** Claims and verifies pieces of {@code stream}, each {@code millis} after the last. */
  private void fetchAt(PieceScheduler scheduler, String stream, int pieces, long millis) {
    int done = 0;
    while (done < pieces) {
      Claim claim = scheduler.claim(stream);
      assertEquals(Kind.FETCH, claim.kind(), stream + " got " + claim);
      for (int piece = claim.first(); piece < claim.first() + claim.count(); piece++) {
        now.addAndGet(Duration.ofMillis(millis).toNanos());
        scheduler.verified(stream, piece, PIECE_BYTES);
        done++;
      }
    }
  }

  private static final int PIECE_BYTES = 128 * 1024;

  @Test
  void aSlowNodeIsFetchedFromOverItsFirstStreamASlowRunAtATime() {
    PieceScheduler scheduler = slowRule(200);
    // A piece every 20 ms: 6.25 MiB/s, below 16.
    fetchAt(scheduler, "n#1", PieceScheduler.SLOW_AFTER_PIECES, 20);
    int before = scheduler.verifiedPieces().cardinality();
    Claim parked = scheduler.claim("n#2");
    assertEquals(Kind.WAIT, parked.kind(), "the second stream of a slow node waits");
    Claim next = scheduler.claim("n#1");
    assertEquals(Kind.FETCH, next.kind());
    assertEquals(PieceScheduler.SLOW_RUN, next.count(), "a slow run per request");
    // The second stream gave its range back: the first one gets every piece left, a run at a time.
    Set<Integer> got = new HashSet<>();
    for (Claim claim = next; claim.kind() == Kind.FETCH; claim = scheduler.claim("n#1")) {
      assertTrue(claim.count() <= PieceScheduler.SLOW_RUN, "asked for " + claim.count());
      assertEquals(Kind.WAIT, scheduler.claim("n#2").kind());
      for (int piece = claim.first(); piece < claim.first() + claim.count(); piece++) {
        now.addAndGet(Duration.ofMillis(20).toNanos());
        scheduler.verified("n#1", piece, PIECE_BYTES);
        got.add(piece);
      }
    }
    assertTrue(scheduler.isDone());
    assertEquals(200 - before, got.size());
  }

  @Test
  void aFastNodeKeepsEveryStreamAndRunsTimedByItsSpeed() {
    PieceScheduler scheduler = slowRule(2000);
    // A piece every millisecond, on one stream or the other: 125 MiB/s together.
    for (int round = 0; round < PieceScheduler.SLOW_AFTER_PIECES; round++) {
      fetchAt(scheduler, "n#1", 1, 1);
      fetchAt(scheduler, "n#2", 1, 1);
    }
    assertTrue(scheduler.claim("n#1").count() > 1);
    assertEquals(Kind.FETCH, scheduler.claim("n#2").kind());
  }

  @Test
  void aSlowNodesSpeedIsJudgedOnlyOnceSomePiecesAreVerified() {
    PieceScheduler scheduler = slowRule(200);
    fetchAt(scheduler, "n#1", PieceScheduler.MIN_RUN, 500);
    // Very slow, but two pieces say little yet: both streams work.
    assertEquals(Claim.fetch(100, PieceScheduler.MIN_RUN), scheduler.claim("n#2"));
  }

  @Test
  void theWaitingStreamOfASlowNodeTakesOverWhenItsFirstIsDropped() {
    PieceScheduler scheduler = slowRule(200);
    fetchAt(scheduler, "n#1", PieceScheduler.SLOW_AFTER_PIECES, 20);
    assertEquals(Kind.WAIT, scheduler.claim("n#2").kind());
    for (int failure = 0; failure < PieceScheduler.MAX_FAILURES; failure++) {
      Claim claim = scheduler.claim("n#1");
      if (claim.kind() == Kind.WAIT) {
        now.addAndGet(claim.waitNanos());
        claim = scheduler.claim("n#1");
      }
      assertEquals(Kind.FETCH, claim.kind());
      scheduler.failed("n#1");
    }
    assertTrue(scheduler.isDropped("n#1"));
    Claim taken = scheduler.claim("n#2");
    assertEquals(Kind.FETCH, taken.kind());
    assertEquals(PieceScheduler.SLOW_RUN, taken.count(), "still slow: a slow node's run");
  }
}
