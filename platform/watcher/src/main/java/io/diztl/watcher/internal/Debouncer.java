package io.diztl.watcher.internal;

import io.diztl.watcher.ShareWatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back file changes until a file has been quiet for a while, then reports it once. All
 * listener calls happen on one thread of its own, one at a time; a listener that throws is logged.
 */
public final class Debouncer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Debouncer.class);
  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long CLOSE_WAIT_SECONDS = 5;

  private final long quietNanos;
  private final ShareWatcher.Listener listener;

  /** Path to the {@link System#nanoTime()} of its last change event. */
  private final Map<Path, Long> pending = new ConcurrentHashMap<>();

  private final ScheduledExecutorService delivery =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("diztl-watcher-events").daemon().factory());

  /** Reports to {@code listener} files quiet for {@code quietPeriod}. */
  public Debouncer(Duration quietPeriod, ShareWatcher.Listener listener) {
    this.quietNanos = quietPeriod.toNanos();
    this.listener = listener;
    long tick = Math.clamp(quietNanos / 5, MIN_TICK_NANOS, MAX_TICK_NANOS);
    delivery.scheduleWithFixedDelay(this::deliverQuiet, tick, tick, TimeUnit.NANOSECONDS);
  }

  /** Notes a change of {@code file}, restarting its quiet period. */
  public void changed(Path file) {
    pending.put(file, System.nanoTime());
  }

  /** Drops pending changes at or under {@code path} and reports its deletion. */
  public void deleted(Path path) {
    pending.keySet().removeIf(file -> file.startsWith(path));
    submit(() -> listener.deleted(path), "deleted " + path);
  }

  /** Reports that events were lost. */
  public void overflow() {
    submit(listener::overflow, "overflow");
  }

  @Override
  public void close() {
    delivery.shutdownNow();
    try {
      if (!delivery.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("Watcher event delivery did not stop within {} s", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliverQuiet() {
    long now = System.nanoTime();
    for (Map.Entry<Path, Long> entry : pending.entrySet()) {
      Path file = entry.getKey();
      long last = entry.getValue();
      // remove(key, value) fails if a newer event arrived meanwhile: the file waits on.
      if (now - last >= quietNanos && pending.remove(file, last)) {
        call(() -> listener.changed(file), "changed " + file);
      }
    }
  }

  private void submit(Runnable call, String what) {
    try {
      delivery.execute(() -> call(call, what));
    } catch (RejectedExecutionException e) {
      LOG.debug("Watcher closed, not reporting {}", what);
    }
  }

  private static void call(Runnable call, String what) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("Watcher listener failed on {}", what, e);
    }
  }
}
