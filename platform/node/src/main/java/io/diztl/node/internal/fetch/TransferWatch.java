package io.diztl.node.internal.fetch;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.internal.Durations;
import io.grpc.Context;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Guards one download call against a peer that goes silent or trickles: cancels the call's context
 * when the peer sent nothing for the idle timeout while this node waited for it, or when the
 * download passes its overall bound. A virtual thread checks a few times per idle timeout.
 */
final class TransferWatch implements AutoCloseable {

  private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Context.CancellableContext call;
  private final Duration idle;
  private final String peer;
  private final CountDownLatch closed = new CountDownLatch(1);

  /** When this node began waiting for the peer, or 0 while it does not wait. */
  private volatile long waitingSince;

  private volatile long endNanos;
  private volatile String bound;
  private volatile String stopped;

  /** Starts watching {@code call}, a download from {@code peer} (as error messages name it). */
  TransferWatch(Context.CancellableContext call, Duration idle, String peer) {
    this.call = call;
    this.idle = idle;
    this.peer = peer;
    Thread.ofVirtual().name("diztl-download-watch").start(this::watch);
  }

  /** {@code responses}, with the time spent waiting for each one watched. */
  <T> Iterator<T> watching(Iterator<T> responses) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        waitingSince = System.nanoTime() | 1;
        try {
          return responses.hasNext();
        } finally {
          waitingSince = 0;
        }
      }

      @Override
      public T next() {
        return responses.next();
      }
    };
  }

  /** Ends the download after {@code allowed} from now, explained as {@code why}. */
  void bound(Duration allowed, String why) {
    endNanos = System.nanoTime() + allowed.toNanos();
    bound = why;
  }

  /**
   * Why the watch stopped the call, as the error it ends with ({@code kept} appended), or null when
   * it did not.
   */
  DiztlException stopped(String kept, Throwable cause) {
    String why = stopped;
    return why == null ? null : new DiztlException(ErrorKind.TIMED_OUT, why + "; " + kept, cause);
  }

  private void watch() {
    long tick = Math.clamp(idle.toNanos() / 4, 1, MAX_TICK_NANOS);
    try {
      while (!closed.await(tick, TimeUnit.NANOSECONDS)) {
        long now = System.nanoTime();
        long since = waitingSince;
        if (since != 0 && now - since >= idle.toNanos()) {
          stop("peer " + peer + " sent nothing for " + Durations.text(idle));
        } else if (bound != null && now - endNanos >= 0) {
          stop(bound);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stop(String why) {
    stopped = why;
    call.cancel(null);
    closed.countDown();
  }

  /** Stops watching. */
  @Override
  public void close() {
    closed.countDown();
  }
}
