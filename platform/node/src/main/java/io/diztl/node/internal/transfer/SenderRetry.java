package io.diztl.node.internal.transfer;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.node.internal.transfer.limit.UploadBusy;
import io.grpc.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a download attempt again when its sender answers that all its upload slots are taken ({@link
 * UploadBusy}: after the wait it hints, for as long as it takes, until the caller's gRPC context is
 * cancelled) or that the file changed while it was sent ({@link SentFileChanged}: a few times at
 * once, so the next attempt checks what the sender now announces and resumes).
 */
public final class SenderRetry {

  private static final Logger log = LoggerFactory.getLogger(SenderRetry.class);

  /** How many times a download is asked again after its file changed on the sender. */
  static final int CHANGED_RETRIES = 3;

  /** The shortest and longest wait a sender's hint may set. */
  static final Duration MIN_WAIT = Duration.ofMillis(100);

  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  /** Waits between attempts; the real one ends early when the calling context is cancelled. */
  @FunctionalInterface
  interface Sleeper {
    /**
     * Waits {@code time}.
     *
     * @return false when the wait was cut short because the download was cancelled
     */
    boolean sleep(Duration time) throws InterruptedException;
  }

  private final Sleeper sleeper;

  /** Waits on the calling thread, cut short when its gRPC context is cancelled. */
  public SenderRetry() {
    this(SenderRetry::sleepUnlessCancelled);
  }

  SenderRetry(Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  /**
   * Runs {@code attempt} until it returns or fails for another reason than a busy sender or a
   * changed file.
   *
   * @param what the download, as messages name it
   * @throws DiztlException what the last attempt threw; {@code CANCELLED} when the download was
   *     cancelled while it waited in the sender's queue
   */
  public <T> T run(String what, Supplier<T> attempt) {
    int changed = 0;
    while (true) {
      try {
        return attempt.get();
      } catch (DiztlException e) {
        Optional<UploadBusy> busy = UploadBusy.from(e);
        if (busy.isPresent()) {
          waitTurn(what, busy.get(), e);
        } else if (SentFileChanged.is(e) && changed < CHANGED_RETRIES) {
          changed++;
          log.info("{} changed on the sender while it was sent; asking again", what);
        } else {
          throw e;
        }
      }
    }
  }

  private void waitTurn(String what, UploadBusy busy, DiztlException refusal) {
    Duration wait = clamp(busy.retryAfter());
    log.info(
        "{}: the sender's upload slots are all taken, number {} in its queue; asking again in {}"
            + " ms",
        what,
        busy.position(),
        wait.toMillis());
    boolean waited;
    try {
      waited = sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      waited = false;
    }
    if (!waited) {
      throw new DiztlException(
          ErrorKind.CANCELLED,
          what
              + " was cancelled while it waited for an upload slot, number "
              + busy.position()
              + " in the sender's queue",
          refusal);
    }
  }

  private static Duration clamp(Duration hint) {
    if (hint.compareTo(MIN_WAIT) < 0) {
      return MIN_WAIT;
    }
    return hint.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : hint;
  }

  private static boolean sleepUnlessCancelled(Duration time) throws InterruptedException {
    Context context = Context.current();
    CountDownLatch cancelled = new CountDownLatch(1);
    Context.CancellationListener listener = c -> cancelled.countDown();
    context.addListener(listener, Runnable::run);
    try {
      return !cancelled.await(time.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      context.removeListener(listener);
    }
  }
}
