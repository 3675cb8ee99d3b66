package io.diztl.watcher.internal;

import io.diztl.watcher.QuietPeriod;
import io.diztl.watcher.ShareWatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back file changes until a file has been quiet for as long as its {@link QuietPeriod} asks,
 * then reports it once. All listener calls happen on one thread of its own, one at a time; a
 * listener that throws is logged.
 */
public final class Debouncer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Debouncer.class);
  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long CLOSE_WAIT_SECONDS = 5;

  private final QuietPeriod quiet;
  private final long shortestNanos;
  private final long longestNanos;
  private final ShareWatcher.Listener listener;

  /** The first and last change event of a pending file, in {@link System#nanoTime()}. */
  private record Burst(long first, long last) {}

  private final Map<Path, Burst> pending = new ConcurrentHashMap<>();

  private final ScheduledExecutorService delivery =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("diztl-watcher-events").daemon().factory());

  /** Reports to {@code listener} files once quiet as {@code quiet} asks. */
  public Debouncer(QuietPeriod quiet, ShareWatcher.Listener listener) {
    this.quiet = quiet;
    this.shortestNanos = quiet.shortest().toNanos();
    this.longestNanos = quiet.longest().toNanos();
    this.listener = listener;
    long tick = Math.clamp(shortestNanos / 5, MIN_TICK_NANOS, MAX_TICK_NANOS);
    delivery.scheduleWithFixedDelay(this::deliverQuiet, tick, tick, TimeUnit.NANOSECONDS);
  }

  /** Notes a change of {@code file}, restarting its quiet period. */
  public void changed(Path file) {
    long now = System.nanoTime();
    pending.merge(file, new Burst(now, now), (old, fresh) -> new Burst(old.first(), now));
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
    for (Map.Entry<Path, Burst> entry : pending.entrySet()) {
      Path file = entry.getKey();
      Burst burst = entry.getValue();
      long waited = now - burst.last();
      if (waited < shortestNanos
          || waited < longestNanos
              && waited < quiet.requiredNanos(burst.first(), burst.last(), size(file))) {
        continue;
      }
      // remove(key, value) fails if a newer event arrived meanwhile: the file waits on.
      if (pending.remove(file, burst)) {
        call(() -> listener.changed(file), "changed " + file);
      }
    }
  }

  /** The file's size now, or -1 when it cannot be read (gone: the listener is told at once). */
  private static long size(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .size();
    } catch (IOException e) {
      return -1;
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
