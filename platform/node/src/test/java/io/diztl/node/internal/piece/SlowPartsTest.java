package io.diztl.node.internal.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlowPartsTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final double BYTES_PER_MS = 10_000; // 10 MB/s, a node held to --max-upload 10M

  /** Pieces large enough that a part may take its largest size. */
  private static final int LARGE_PIECES = 4 << 20;

  private final SlowParts parts = new SlowParts(LARGE_PIECES);

  @Test
  void aNearNodeThatSendsEachPartAtOnceThenPausesKeepsTheSmallestParts() {
    for (int i = 0; i < 20; i++) {
      long size = parts.bytes();
      // The part's first 16 KiB come a fraction of a millisecond after the ask; the sender then
      // pauses for its limit before the part ends.
      parts.measured(size, 16 * 1024, MS / 4, (long) (size / BYTES_PER_MS * MS));
    }
    assertEquals(SlowParts.MIN_BYTES, parts.bytes());
  }

  @Test
  void aNearNodeThatSendsAtItsSpeedKeepsTheSmallestParts() {
    for (int i = 0; i < 20; i++) {
      long size = parts.bytes();
      long first = 16 * 1024;
      parts.measured(
          size,
          first,
          (long) (first / BYTES_PER_MS * MS),
          (long) ((size - first) / BYTES_PER_MS * MS));
    }
    assertEquals(SlowParts.MIN_BYTES, parts.bytes());
  }

  @Test
  void aNearNodeWhoseAnswersAreSometimesLateKeepsTheSmallestParts() {
    for (int i = 0; i < 40; i++) {
      long size = parts.bytes();
      long first = 16 * 1024;
      // Every fifth answer comes 30 ms late: a collection or a busy core, not a far node.
      long wait = i % 5 == 4 ? 30 * MS : MS / 4;
      parts.measured(
          size,
          first,
          wait + (long) (first / BYTES_PER_MS * MS),
          (long) ((size - first) / BYTES_PER_MS * MS));
      assertTrue(parts.bytes() < 128 * 1024, "part " + i + ": " + parts.bytes());
    }
  }

  @Test
  void aFarNodeGetsPartsOfAboutFourRoundTripsOfItsSpeed() {
    long roundTrip = 20 * MS;
    for (int i = 0; i < 20; i++) {
      long size = parts.bytes();
      long first = 16 * 1024;
      parts.measured(
          size,
          first,
          roundTrip + (long) (first / BYTES_PER_MS * MS),
          (long) ((size - first) / BYTES_PER_MS * MS));
    }
    long expected = (long) (SlowParts.WAIT_SHARE * BYTES_PER_MS * 20);
    assertTrue(
        Math.abs(parts.bytes() - expected) < expected / 20,
        "expected about " + expected + ", found " + parts.bytes());
  }

  @Test
  void aPartIsNeverMoreThanHalfAPieceSoAKillLosesLessThanOne() {
    SlowParts small = new SlowParts(128 * 1024);
    SlowParts mid = new SlowParts(512 * 1024);
    for (int i = 0; i < 30; i++) {
      small.measured(64 * 1024, 16 * 1024, 10_000 * MS, MS);
      mid.measured(64 * 1024, 16 * 1024, 10_000 * MS, MS);
    }
    assertEquals(64 * 1024, small.bytes());
    assertEquals(256 * 1024, mid.bytes());
  }

  @Test
  void onePartDoesNotSwingTheSizeAllTheWayAndNothingGoesBeyondTheBounds() {
    parts.measured(64 * 1024, 16 * 1024, 10_000 * MS, MS);
    long once = parts.bytes();
    assertTrue(once < SlowParts.MAX_BYTES && once > SlowParts.MIN_BYTES, "moved halfway: " + once);
    for (int i = 0; i < 30; i++) {
      parts.measured(64 * 1024, 16 * 1024, 10_000 * MS, MS);
    }
    assertEquals(SlowParts.MAX_BYTES, parts.bytes());
  }

  @Test
  void aPartTooSmallToTellTheSpeedChangesNothing() {
    parts.measured(16 * 1024, 16 * 1024, 50 * MS, 5 * MS);
    parts.measured(0, 0, 50 * MS, 5 * MS);
    assertEquals(SlowParts.MIN_BYTES, parts.bytes());
  }
}
