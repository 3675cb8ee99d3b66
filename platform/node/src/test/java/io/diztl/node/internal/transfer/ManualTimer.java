package io.diztl.node.internal.transfer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A retry timer the test fires by hand, remembering each delay it was given. */
final class ManualTimer implements RetryTimer {

  final List<Duration> delays = new ArrayList<>();
  private final List<Runnable> pending = new ArrayList<>();

  @Override
  public synchronized void after(Duration delay, Runnable task) {
    delays.add(delay);
    pending.add(task);
  }

  /** Runs the tasks set so far, as if their delays had passed. */
  void fire() {
    List<Runnable> due;
    synchronized (this) {
      due = List.copyOf(pending);
      pending.clear();
    }
    due.forEach(Runnable::run);
  }

  synchronized int pending() {
    return pending.size();
  }
}
