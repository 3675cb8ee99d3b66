package io.diztl.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** Waits for an asynchronous effect, polling with a generous bound instead of sleeping blindly. */
public final class Eventually {

  private static final Duration POLL = Duration.ofMillis(50);

  private Eventually() {}

  /**
   * Polls {@code condition} until it holds.
   *
   * @throws AssertionError naming {@code what} when it still does not hold after {@code timeout}
   */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    Objects.requireNonNull(condition, "condition");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not true after " + timeout.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }
}
