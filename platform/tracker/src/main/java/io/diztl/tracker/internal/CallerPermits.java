package io.diztl.tracker.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts the calls in flight per caller address and refuses those beyond a per-caller limit. */
final class CallerPermits {

  private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
  private final int perCaller;

  CallerPermits(int perCaller) {
    this.perCaller = perCaller;
  }

  /** Takes a permit for {@code caller}; false when it already holds the most it may. */
  boolean tryAcquire(String caller) {
    boolean[] granted = {false};
    inFlight.compute(
        caller,
        (key, count) -> {
          int held = count == null ? 0 : count;
          granted[0] = held < perCaller;
          return granted[0] ? held + 1 : count;
        });
    return granted[0];
  }

  /** Gives back a permit taken with {@link #tryAcquire}. */
  void release(String caller) {
    inFlight.computeIfPresent(caller, (key, count) -> count > 1 ? count - 1 : null);
  }

  /** The limit per caller. */
  int perCaller() {
    return perCaller;
  }
}
