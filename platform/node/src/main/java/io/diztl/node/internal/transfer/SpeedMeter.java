package io.diztl.node.internal.transfer;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The recent speed of one download: the bytes received within the last {@link #WINDOW}, per second,
 * so a stalled download drops to 0 within the window. Not thread-safe.
 */
final class SpeedMeter {

  /** How far back the speed looks. */
  static final Duration WINDOW = Duration.ofSeconds(5);

  private record Sample(Instant time, long bytes) {}

  private final InstantSource clock;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private Instant start;
  private long last;

  SpeedMeter(InstantSource clock) {
    this.clock = clock;
  }

  /** Starts measuring afresh from {@code received} bytes (such as a resumed part). */
  void start(long received) {
    samples.clear();
    start = clock.instant();
    last = received;
  }

  /** The download has {@code received} bytes now. */
  void update(long received) {
    if (start == null) {
      start(received);
      return;
    }
    if (received > last) {
      samples.addLast(new Sample(clock.instant(), received - last));
    }
    last = received;
    trim(clock.instant());
  }

  /** Bytes per second over the window up to now; 0 before the first byte or once stalled. */
  long bytesPerSecond() {
    if (start == null) {
      return 0;
    }
    Instant now = clock.instant();
    trim(now);
    long bytes = samples.stream().mapToLong(Sample::bytes).sum();
    long span = Math.min(WINDOW.toMillis(), Duration.between(start, now).toMillis());
    return span <= 0 ? 0 : bytes * 1000 / span;
  }

  private void trim(Instant now) {
    Instant oldest = now.minus(WINDOW);
    while (!samples.isEmpty() && !samples.getFirst().time().isAfter(oldest)) {
      samples.removeFirst();
    }
  }
}
