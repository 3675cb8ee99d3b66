package io.diztl.node.internal.tracker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CostPacerTest {

  @Test
  void theFirstRunIsDueAtOnceWhateverTheClockReads() {
    CostPacer pacer = new CostPacer(9);
    assertTrue(pacer.isDue(Long.MIN_VALUE));
    assertTrue(pacer.isDue(0));
    assertTrue(pacer.isDue(Long.MAX_VALUE));
  }

  @Test
  void theNextRunWaitsTheFactorTimesTheLastRunsLength() {
    CostPacer pacer = new CostPacer(9);
    pacer.ran(1_000, 1_100); // took 100 ns: due 900 ns after it ended
    assertFalse(pacer.isDue(1_100));
    assertFalse(pacer.isDue(1_999));
    assertTrue(pacer.isDue(2_000));
    pacer.ran(2_000, 2_001); // a cheap run leaves the next due almost at once
    assertFalse(pacer.isDue(2_009));
    assertTrue(pacer.isDue(2_010));
  }

  @Test
  void readingsAcrossTheNanoTimeOverflowStillCompare() {
    CostPacer pacer = new CostPacer(1);
    long start = Long.MAX_VALUE - 10;
    pacer.ran(start, start + 5); // due at start + 10, which is Long.MAX_VALUE
    assertFalse(pacer.isDue(start + 9));
    assertTrue(pacer.isDue(start + 10));
    assertTrue(pacer.isDue(start + 20)); // wrapped around past Long.MAX_VALUE
  }

  @Test
  void aFactorOfZeroNeverWaitsAndANegativeOneIsRefused() {
    CostPacer pacer = new CostPacer(0);
    pacer.ran(0, 1_000_000);
    assertTrue(pacer.isDue(1_000_000));
    assertThrows(IllegalArgumentException.class, () -> new CostPacer(-1));
  }
}
