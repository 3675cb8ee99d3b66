package io.diztl.tracker.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Bounds how many lines of one kind are logged: at most {@code perSecond} a second, the rest
 * dropped and counted; the next line logged says how many were dropped. Keeps a flood of
 * registrations or searches from flooding the log.
 */
final class LogGate {

  private final int perSecond;
  private final LongSupplier nanoClock;
  private long windowStart;
  private int used;
  private long dropped;

  /** A gate letting {@code perSecond} lines through each second of {@code nanoClock}. */
  LogGate(int perSecond, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.nanoClock = nanoClock;
    this.windowStart = nanoClock.getAsLong();
  }

  /** Logs at INFO unless this second's lines are used up. */
  void info(Logger log, String format, Object... args) {
    long droppedBefore;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
        windowStart = now;
        used = 0;
      }
      if (used >= perSecond) {
        dropped++;
        return;
      }
      used++;
      droppedBefore = dropped;
      dropped = 0;
    }
    if (droppedBefore > 0) {
      log.info(
          "{} similar log lines were dropped (more than {} a second)", droppedBefore, perSecond);
    }
    log.info(format, args);
  }
}
