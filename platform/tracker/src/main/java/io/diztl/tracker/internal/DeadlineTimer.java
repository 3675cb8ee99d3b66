package io.diztl.tracker.internal;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay: the one deadline of a relayed search, which ends the calls still
 * out to nodes, instead of a gRPC deadline on each call (each such call carries its own {@code
 * grpc-timeout} header, new to HPACK every time, and its own timer).
 */
@FunctionalInterface
public interface DeadlineTimer {

  /** Runs {@code task} after {@code delayNanos}, unless the returned future is cancelled first. */
  Future<?> schedule(Runnable task, long delayNanos);

  /** A timer on {@code scheduler}'s threads. */
  static DeadlineTimer on(ScheduledExecutorService scheduler) {
    return (task, delayNanos) -> scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }
}
