package io.diztl.node.internal.tracker;

/**
 * Spaces out a recurring job whose cost grows with what it reads (the summary of a whole share):
 * after a run that took {@code t}, the next is due only {@code factor * t} after it ended, so that
 * the job takes at most about {@code 1 / (factor + 1)} of a core however large the share grows. A
 * cheap run leaves the next due at once. Times are {@link System#nanoTime()} readings, passed in.
 * Not thread-safe.
 */
final class CostPacer {

  private final long factor;
  private boolean ran;
  private long dueNanos;

  /** A pacer waiting {@code factor} times as long as the last run took; {@code factor >= 0}. */
  CostPacer(int factor) {
    if (factor < 0) {
      throw new IllegalArgumentException("expected a factor of at least 0, got " + factor);
    }
    this.factor = factor;
  }

  /** Whether a run may start at {@code nowNanos}: always before the first run. */
  boolean isDue(long nowNanos) {
    return !ran || nowNanos - dueNanos >= 0;
  }

  /** Records a run from {@code startNanos} to {@code endNanos}. */
  void ran(long startNanos, long endNanos) {
    ran = true;
    dueNanos = endNanos + factor * Math.max(0, endNanos - startNanos);
  }
}
