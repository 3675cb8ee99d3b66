package io.diztl.node.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpeedMeterTest {

  private final FakeClock clock = new FakeClock();
  private final SpeedMeter meter = new SpeedMeter(clock);

  @Test
  void isZeroBeforeAnything() {
    assertEquals(0, meter.bytesPerSecond());
    meter.start(0);
    assertEquals(0, meter.bytesPerSecond(), "no time has passed");
  }

  @Test
  void averagesOverTheTimeSinceTheStartWhileThatIsShorterThanTheWindow() {
    meter.start(0);
    clock.advance(Duration.ofSeconds(1));
    meter.update(1000);
    clock.advance(Duration.ofSeconds(1));
    meter.update(3000);

    assertEquals(1500, meter.bytesPerSecond());
  }

  @Test
  void countsOnlyTheLastFiveSeconds() {
    meter.start(0);
    for (int second = 1; second <= 10; second++) {
      clock.advance(Duration.ofSeconds(1));
      meter.update(second * (second <= 5 ? 100L : 1000L));
    }

    // Seconds 6 to 10 brought 1000 bytes each (from 500 at second 5 to 10000): the first five
    // seconds' slow start no longer counts.
    assertEquals((10_000 - 500) / 5, meter.bytesPerSecond());
  }

  @Test
  void aResumedPartIsNotSpeed() {
    meter.start(1_000_000);
    clock.advance(Duration.ofSeconds(2));
    meter.update(1_000_400);

    assertEquals(200, meter.bytesPerSecond());
  }

  @Test
  void dropsToZeroOnceStalledForTheWindow() {
    meter.start(0);
    clock.advance(Duration.ofSeconds(1));
    meter.update(5000);
    clock.advance(Duration.ofSeconds(3));
    assertEquals(1250, meter.bytesPerSecond(), "5000 bytes in the 4 seconds so far");

    clock.advance(SpeedMeter.WINDOW);
    assertEquals(0, meter.bytesPerSecond());
  }
}
