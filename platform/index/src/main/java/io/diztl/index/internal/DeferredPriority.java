package io.diztl.index.internal;

/**
 * Lowers the {@link BackgroundPriority priority} of background threads only once the process serves
 * requests. Until the index has answered anything (a search, a look-up, a folder listing), there is
 * no foreground work for such a thread to starve but the process's own start, which it shares the
 * processors with fairly; from the first request on, each thread lowers itself for good at its next
 * {@link #lowerCurrentThreadIfServing() check}.
 */
final class DeferredPriority {

  private volatile boolean serving;

  private final ThreadLocal<Boolean> lowered = ThreadLocal.withInitial(() -> false);

  /** From now on the process serves requests: every checking thread lowers itself. */
  void serving() {
    serving = true;
  }

  /** Whether {@link #serving()} was called. */
  boolean isServing() {
    return serving;
  }

  /**
   * Lowers the calling thread's priority if the process serves requests and it is not lowered yet;
   * cheap otherwise, so a thread may call it before each piece of its work.
   */
  void lowerCurrentThreadIfServing() {
    if (serving && !lowered.get()) {
      lowered.set(true);
      BackgroundPriority.lowerCurrentThread();
    }
  }
}
