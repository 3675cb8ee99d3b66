package io.diztl.watcher;

import io.diztl.api.DiztlException;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a created or modified file must produce no event before the watcher reports it, adapted
 * to how the file is being written: twice as long as its burst of events has lasted so far, within
 * {@code shortest} and {@code longest}. A file written at once (a save, a rename into place) is
 * reported after {@code shortest}; one written over a while (a copy, a download) waits longer, up
 * to {@code longest}. An empty file, which is often about to be written, always waits {@code
 * longest}.
 *
 * @param shortest the least a file waits after its last event
 * @param longest the most it waits
 * @since 0.2
 */
public record QuietPeriod(Duration shortest, Duration longest) {

  /** Checks that {@code 0 <= shortest <= longest}. */
  public QuietPeriod {
    Objects.requireNonNull(shortest, "shortest");
    Objects.requireNonNull(longest, "longest");
    if (shortest.isNegative() || longest.compareTo(shortest) < 0) {
      throw new DiztlException(
          "expected quiet periods with 0 <= shortest <= longest, found "
              + shortest.toMillis()
              + " ms and "
              + longest.toMillis()
              + " ms");
    }
  }

  /** The same quiet period whatever the writing. */
  public static QuietPeriod fixed(Duration period) {
    return new QuietPeriod(period, period);
  }

  /**
   * The quiet, in nanoseconds, a file needs after a burst of events from {@code firstEventNanos} to
   * {@code lastEventNanos} (of {@link System#nanoTime()}), when it now holds {@code size} bytes (-1
   * when unknown).
   */
  public long requiredNanos(long firstEventNanos, long lastEventNanos, long size) {
    long longestNanos = longest.toNanos();
    if (size == 0) {
      return longestNanos;
    }
    long burst = Math.max(0, lastEventNanos - firstEventNanos);
    return Math.clamp(2 * burst, shortest.toNanos(), longestNanos);
  }
}
