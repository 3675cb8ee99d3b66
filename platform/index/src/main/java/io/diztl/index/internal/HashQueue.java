package io.diztl.index.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a worker for queued relative paths on one background thread, in order, each path at most
 * once while it waits. A path queued again while its work runs is run again afterwards.
 */
final class HashQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HashQueue.class);
  private static final long CLOSE_WAIT_SECONDS = 5;

  private final Consumer<String> worker;
  private final Set<String> waiting = ConcurrentHashMap.newKeySet();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("diztl-index-hasher").daemon().factory());
  private final Object idle = new Object();
  private int outstanding;

  /** A queue handing each path to {@code worker}, which must not block for long on locks. */
  HashQueue(Consumer<String> worker) {
    this.worker = worker;
  }

  /** Queues {@code path} unless it already waits. */
  void submit(String path) {
    if (!waiting.add(path)) {
      return;
    }
    synchronized (idle) {
      outstanding++;
    }
    try {
      executor.execute(() -> run(path));
    } catch (RejectedExecutionException e) {
      waiting.remove(path);
      finished();
      LOG.debug("Not hashing {}: the index is closing", path);
    }
  }

  /** Waits until nothing is queued or running; false when {@code deadlineNanos} came first. */
  boolean awaitIdle(long deadlineNanos) throws InterruptedException {
    synchronized (idle) {
      while (outstanding > 0) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("The hasher did not stop within {} s", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(String path) {
    try {
      waiting.remove(path);
      worker.accept(path);
    } catch (RuntimeException e) {
      LOG.warn("Hashing {} failed: {}", path, e.toString());
    } finally {
      finished();
    }
  }

  private void finished() {
    synchronized (idle) {
      outstanding--;
      if (outstanding == 0) {
        idle.notifyAll();
      }
    }
  }
}
