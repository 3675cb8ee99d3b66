package io.diztl.ui.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits failed password logins: at most {@link #MAX_FAILURES} per client address within {@link
 * #WINDOW}; further attempts are refused until the oldest failure leaves the window. Thread-safe.
 */
final class LoginThrottle {

  static final int MAX_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int MAX_CLIENTS = 1024;

  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new HashMap<>();

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Seconds the client must wait before trying again, 0 when it may try now. */
  synchronized long waitSeconds(String client) {
    Deque<Instant> recent = recent(client);
    if (recent.size() < MAX_FAILURES) {
      return 0;
    }
    Duration left = Duration.between(clock.instant(), recent.peekFirst().plus(WINDOW));
    return Math.max(1, left.toSeconds() + 1);
  }

  /** Counts a failed attempt. */
  synchronized void failed(String client) {
    if (failures.size() >= MAX_CLIENTS && !failures.containsKey(client)) {
      failures.clear();
    }
    failures.computeIfAbsent(client, c -> new ArrayDeque<>()).addLast(clock.instant());
  }

  /** Forgets the failures of a client that logged in. */
  synchronized void succeeded(String client) {
    failures.remove(client);
  }

  private Deque<Instant> recent(String client) {
    Deque<Instant> recent = failures.getOrDefault(client, new ArrayDeque<>());
    Instant cutoff = clock.instant().minus(WINDOW);
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
      recent.pollFirst();
    }
    return recent;
  }
}
