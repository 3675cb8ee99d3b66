package io.diztl.pluginhost.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls into plugins on the host's own daemon threads, each within a time limit and with the
 * plugin's class loader as the thread's context class loader. A call that runs over is interrupted
 * and abandoned; its thread is left to end (or hang, deaf to the interrupt) on its own, and the
 * outcome says when it really ends, so that callers can give that plugin no new work until then.
 */
final class BoundedCalls implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BoundedCalls.class);
  private static final long CLOSE_WAIT_SECONDS = 2;

  /** How a call ended. */
  sealed interface Outcome<T> {}

  /** It returned {@code value}. */
  record Done<T>(T value) implements Outcome<T> {}

  /** It threw {@code cause} (an exception or an error). */
  record Failed<T>(Throwable cause) implements Outcome<T> {}

  /**
   * It ran over its time limit, was interrupted and abandoned; {@code ended} completes when its
   * thread really leaves the plugin's code.
   */
  record TimedOut<T>(Duration limit, CompletableFuture<Void> ended) implements Outcome<T> {}

  /** It did not run to an end because the caller was interrupted or the host is closing. */
  record Cancelled<T>() implements Outcome<T> {}

  private final ThreadPoolExecutor threads =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          Thread.ofPlatform().name("diztl-plugin-", 1).daemon().factory());

  /**
   * Runs {@code call} with {@code contextLoader} as context class loader, for at most {@code
   * limit}.
   */
  <T> Outcome<T> call(Callable<T> call, ClassLoader contextLoader, Duration limit) {
    Future<T> future;
    CompletableFuture<Void> ended = new CompletableFuture<>();
    try {
      future = submit(call, contextLoader, ended);
    } catch (RejectedExecutionException e) {
      return new Cancelled<>();
    }
    try {
      return new Done<>(future.get(limit.toNanos(), TimeUnit.NANOSECONDS));
    } catch (ExecutionException e) {
      return new Failed<>(e.getCause());
    } catch (TimeoutException e) {
      future.cancel(true);
      return new TimedOut<>(limit, ended);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new Cancelled<>();
    }
  }

  /**
   * Runs {@code body} on a plugin thread with {@code contextLoader} as its context class loader,
   * completing {@code ended} when it returns or throws, however long after its caller gave up.
   */
  private <T> Future<T> submit(
      Callable<T> body, ClassLoader contextLoader, CompletableFuture<Void> ended) {
    return threads.submit(
        () -> {
          Thread thread = Thread.currentThread();
          ClassLoader previous = thread.getContextClassLoader();
          thread.setContextClassLoader(contextLoader);
          try {
            return body.call();
          } finally {
            thread.setContextClassLoader(previous);
            ended.complete(null);
          }
        });
  }

  /** A call into a plugin about one item of a {@link #callEach}. */
  @FunctionalInterface
  interface ItemCall<T, R> {
    R call(T item) throws Exception;
  }

  /** Marks an item that {@link #callEach} passed over. */
  private static final Object PASSED_OVER = new Object();

  /**
   * Runs {@code call} on each of {@code items} in turn, all on one host thread (one hand-off for
   * the lot instead of one per item), with {@code contextLoader} as context class loader and each
   * item within {@code limit}; items that {@code admits} refuses (asked on the host thread just
   * before the item's turn) are passed over. Each outcome goes to {@code outcomes} on the calling
   * thread as soon as it is known. An item over the limit ends the run: its call is interrupted and
   * abandoned, and its outcome is {@link TimedOut}; likewise a run the caller's interrupt or the
   * host's closing stops ends with a {@link Cancelled} item. Returns how many items the run took
   * up, in order (all unless it ended early, the ending one included).
   */
  <T, R> int callEach(
      List<T> items,
      Predicate<T> admits,
      ItemCall<T, R> call,
      ClassLoader contextLoader,
      Duration limit,
      BiConsumer<T, Outcome<R>> outcomes) {
    if (items.isEmpty()) {
      return 0;
    }
    BlockingQueue<Object> results = new LinkedBlockingQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Future<?> run;
    try {
      run =
          submit(
              () -> {
                for (T item : items) {
                  // A plugin may swallow the interrupt: the flag ends the run all the same.
                  if (stop.get() || Thread.currentThread().isInterrupted()) {
                    return null;
                  }
                  results.add(admits.test(item) ? outcomeOf(call, item) : PASSED_OVER);
                }
                return null;
              },
              contextLoader,
              ended);
    } catch (RejectedExecutionException e) {
      outcomes.accept(items.getFirst(), new Cancelled<>());
      return 1;
    }
    int taken = 0;
    for (T item : items) {
      taken++;
      Object result;
      try {
        result = results.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        stop.set(true);
        run.cancel(true);
        Thread.currentThread().interrupt();
        outcomes.accept(item, new Cancelled<>());
        return taken;
      }
      if (result == null) {
        stop.set(true);
        run.cancel(true);
        outcomes.accept(item, new TimedOut<>(limit, ended));
        return taken;
      }
      if (result != PASSED_OVER) {
        @SuppressWarnings("unchecked") // only outcomes of R and the marker are queued
        Outcome<R> outcome = (Outcome<R>) result;
        outcomes.accept(item, outcome);
      }
    }
    return taken;
  }

  private static <T, R> Outcome<R> outcomeOf(ItemCall<T, R> call, T item) {
    try {
      return new Done<>(call.call(item));
    } catch (Throwable e) { // a plugin may throw anything, errors included
      return new Failed<>(e);
    }
  }

  /** A step of a plugin's life that may throw anything. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  /**
   * Runs a step of a plugin's life ({@code what}, for the log) like {@link #call}; logs and returns
   * false when it fails, runs over or is interrupted.
   */
  boolean step(String what, Step step, ClassLoader contextLoader, Duration limit) {
    Outcome<Boolean> outcome =
        call(
            () -> {
              step.run();
              return Boolean.TRUE;
            },
            contextLoader,
            limit);
    switch (outcome) {
      case Done<Boolean> done -> {
        return true;
      }
      case Failed<Boolean>(var cause) -> {
        LOG.warn("{} failed: {}", what, Problems.describe(cause));
        LOG.debug("{} failed", what, cause);
      }
      case TimedOut<Boolean>(var limitHit, var ended) ->
          LOG.warn("{} took longer than {} s: abandoned", what, limitHit.toSeconds());
      case Cancelled<Boolean> cancelled -> LOG.warn("{} was interrupted", what);
    }
    return false;
  }

  /** Interrupts running calls and waits a little for them; threads still busy are abandoned. */
  @Override
  public void close() {
    threads.shutdownNow();
    try {
      if (!threads.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn(
            "{} plugin call(s) did not end within {} s: abandoned",
            threads.getActiveCount(),
            CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
