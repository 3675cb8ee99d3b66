package io.diztl.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.api.DiztlException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuietPeriodTest {

  private static final long MS = 1_000_000;
  private final QuietPeriod quiet = new QuietPeriod(Duration.ofMillis(30), Duration.ofMillis(200));

  @Test
  void aFileWrittenAtOnceWaitsTheShortest() {
    assertEquals(30 * MS, quiet.requiredNanos(1_000 * MS, 1_000 * MS, 12));
    assertEquals(30 * MS, quiet.requiredNanos(1_000 * MS, 1_010 * MS, 12));
  }

  @Test
  void aFileWrittenOverAWhileWaitsTwiceItsBurstUpToTheLongest() {
    assertEquals(80 * MS, quiet.requiredNanos(1_000 * MS, 1_040 * MS, 4096));
    assertEquals(200 * MS, quiet.requiredNanos(1_000 * MS, 1_100 * MS, 4096));
    assertEquals(200 * MS, quiet.requiredNanos(1_000 * MS, 9_000 * MS, -1));
  }

  @Test
  void anEmptyFileWaitsTheLongest() {
    assertEquals(200 * MS, quiet.requiredNanos(1_000 * MS, 1_000 * MS, 0));
  }

  @Test
  void aFixedPeriodIgnoresHowTheFileIsWritten() {
    QuietPeriod fixed = QuietPeriod.fixed(Duration.ofMillis(200));
    assertEquals(200 * MS, fixed.requiredNanos(0, 0, 5));
    assertEquals(200 * MS, fixed.requiredNanos(0, 150 * MS, 5));
  }

  @Test
  void refusesAShortestAboveTheLongestOrBelowZero() {
    assertThrows(
        DiztlException.class,
        () -> new QuietPeriod(Duration.ofMillis(300), Duration.ofMillis(200)));
    assertThrows(
        DiztlException.class, () -> new QuietPeriod(Duration.ofMillis(-1), Duration.ofMillis(200)));
  }
}
