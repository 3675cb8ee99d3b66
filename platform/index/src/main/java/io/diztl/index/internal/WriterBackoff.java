package io.diztl.index.internal;

import java.time.Duration;

/**
 * How long to wait before the next try to reopen a lost index writer: {@code first}, doubled after
 * each failed try up to {@code last}, and {@code first} again once the writer works (a commit went
 * through). Thread-safe.
 */
final class WriterBackoff {

  /** The first wait: 1 second. */
  static final Duration FIRST = Duration.ofSeconds(1);

  /** The longest wait: 1 minute, so that a lasting fault logs about once a minute. */
  static final Duration LAST = Duration.ofMinutes(1);

  private final Duration first;
  private final Duration last;
  private Duration current;
  private boolean started;

  WriterBackoff(Duration first, Duration last) {
    this.first = first;
    this.last = last;
    this.current = first;
  }

  /** The wait before the next try, then longer for the one after. */
  synchronized Duration next() {
    if (started) {
      Duration doubled = current.multipliedBy(2);
      current = doubled.compareTo(last) > 0 ? last : doubled;
    }
    started = true;
    return current;
  }

  /** The wait {@link #next()} gave last. */
  synchronized Duration current() {
    return current;
  }

  /** Starts again from the first wait. */
  synchronized void reset() {
    current = first;
    started = false;
  }
}
