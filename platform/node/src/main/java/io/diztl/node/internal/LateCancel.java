package io.diztl.node.internal;

import io.diztl.api.ui.Cancellable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cancel handler registered before the work it cancels has started: cancels that work as soon as
 * it is known, at once if the cancel came first.
 */
final class LateCancel implements Runnable {

  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile Cancellable work;

  /** The work to cancel. */
  void set(Cancellable cancellable) {
    work = cancellable;
    if (cancelled.get()) {
      cancellable.cancel();
    }
  }

  @Override
  public void run() {
    cancelled.set(true);
    Cancellable known = work;
    if (known != null) {
      known.cancel();
    }
  }
}
