package io.diztl.index.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a worker for queued relative paths on one background thread, in order and in batches of up
 * to {@value #BATCH} (as many as wait), each path at most once while it waits. A path queued again
 * while its work runs is run again afterwards. Each time the queue drains it reports how many files
 * it worked on since it last was idle, and in how long.
 *
 * <p>Closing drops the paths still waiting and lets the running work finish for a bounded time
 * before interrupting it: an interrupt while the worker reads or writes the Lucene index would
 * close the index's files under every other reader.
 */
final class PathQueue implements AutoCloseable {

  /** Works on a batch of paths. */
  @FunctionalInterface
  interface Worker {
    /**
     * Works on {@code paths}; returns, for each in order, how much it did (0 or more) or -1 when it
     * did nothing for it.
     */
    long[] work(List<String> paths);
  }

  /** The most paths handed to the worker at once. */
  static final int BATCH = 256;

  /** Told how much work was done when the queue drains. */
  @FunctionalInterface
  interface DrainReport {
    /**
     * Called each time the queue drains.
     *
     * @param files files the worker worked on, maybe none
     * @param amount the sum of what the worker returned for them (bytes hashed, say)
     * @param nanos time since the queue stopped being idle
     */
    void drained(long files, long amount, long nanos);
  }

  private static final Logger LOG = LoggerFactory.getLogger(PathQueue.class);
  private static final long CLOSE_WAIT_SECONDS = 5;

  private final String name;
  private final Worker worker;
  private final DrainReport report;
  private final Set<String> waiting = ConcurrentHashMap.newKeySet();
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final ExecutorService executor;
  private final Object idle = new Object();
  private volatile boolean closing;
  private int outstanding;
  private long busySince;
  private long files;
  private long amount;

  /**
   * A queue named {@code name} (its thread is {@code diztl-index-<name>}) handing batches of paths
   * to {@code worker}, which must not block for long on locks.
   */
  PathQueue(String name, Worker worker, DrainReport report) {
    this.name = name;
    this.worker = worker;
    this.report = report;
    this.executor =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("diztl-index-" + name).daemon().factory());
  }

  /** Queues {@code path} unless it already waits. */
  void submit(String path) {
    if (!waiting.add(path)) {
      return;
    }
    synchronized (idle) {
      if (outstanding++ == 0) {
        busySince = System.nanoTime();
      }
    }
    queue.add(path);
    scheduleDrain();
  }

  /** Starts a drain unless one runs; it takes every path queued before it ends. */
  private void scheduleDrain() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      LOG.debug("Not running the {}: the index is closing", name);
      for (String path = queue.poll(); path != null; path = queue.poll()) {
        waiting.remove(path);
        finished(-1);
      }
      draining.set(false);
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

  /** How many paths are queued or being worked on right now. */
  int pending() {
    synchronized (idle) {
      return outstanding;
    }
  }

  /** Whether nothing is queued or running right now. */
  boolean isIdle() {
    synchronized (idle) {
      return outstanding == 0;
    }
  }

  @Override
  public void close() {
    closing = true;
    executor.shutdown();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        executor.shutdownNow();
        LOG.warn("The index {} did not stop within {} s: interrupted", name, CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    List<String> batch = new ArrayList<>(BATCH);
    while (true) {
      for (String path = queue.poll(); path != null; path = queue.poll()) {
        waiting.remove(path);
        batch.add(path);
        if (batch.size() == BATCH) {
          break;
        }
      }
      if (batch.isEmpty()) {
        draining.set(false);
        // A path queued after the last poll but before the flag dropped found a drain running.
        if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      run(batch);
      batch.clear();
    }
  }

  private void run(List<String> batch) {
    long[] done = null;
    try {
      if (!closing) {
        done = worker.work(batch);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "The index {} failed on {} files from {}: {}",
          name,
          batch.size(),
          batch.getFirst(),
          e.toString());
    } finally {
      for (int i = 0; i < batch.size(); i++) {
        finished(done == null ? -1 : done[i]);
      }
    }
  }

  private void finished(long done) {
    synchronized (idle) {
      if (done >= 0) {
        files++;
        amount += done;
      }
      if (--outstanding == 0) {
        report.drained(files, amount, Math.max(1, System.nanoTime() - busySince));
        files = 0;
        amount = 0;
        idle.notifyAll();
      }
    }
  }
}
