package io.diztl.index.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a worker for queued relative paths on one background thread, in order, each path at most
 * once while it waits. A path queued again while its work runs is run again afterwards. Each time
 * the queue drains it logs how many files and bytes were hashed since it last was idle, and how fast.
 */
final class HashQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HashQueue.class);
  private static final long CLOSE_WAIT_SECONDS = 5;

  private final ToLongFunction<String> worker;
  private final Set<String> waiting = ConcurrentHashMap.newKeySet();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("diztl-index-hasher").daemon().factory());
  private final Object idle = new Object();
  private int outstanding;
  private long busySince;
  private long filesHashed;
  private long bytesHashed;

  /**
   * A queue handing each path to {@code worker}, which returns the bytes it hashed (-1 for none)
   * and must not block for long on locks.
   */
  HashQueue(ToLongFunction<String> worker) {
    this.worker = worker;
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
    try {
      executor.execute(() -> run(path));
    } catch (RejectedExecutionException e) {
      waiting.remove(path);
      finished(-1);
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
    long bytes = -1;
    try {
      waiting.remove(path);
      bytes = worker.applyAsLong(path);
    } catch (RuntimeException e) {
      LOG.warn("Hashing {} failed: {}", path, e.toString());
    } finally {
      finished(bytes);
    }
  }

  private void finished(long bytes) {
    synchronized (idle) {
      if (bytes >= 0) {
        filesHashed++;
        bytesHashed += bytes;
      }
      if (--outstanding == 0) {
        logThroughput();
        idle.notifyAll();
      }
    }
  }

  private void logThroughput() {
    if (filesHashed > 0) {
      long nanos = Math.max(1, System.nanoTime() - busySince);
      LOG.info(
          "Hashed {} files ({} bytes) in {} ms, {} MB/s",
          filesHashed,
          bytesHashed,
          TimeUnit.NANOSECONDS.toMillis(nanos),
          String.format(java.util.Locale.ROOT, "%.1f", bytesHashed * 1e3 / nanos));
    }
    filesHashed = 0;
    bytesHashed = 0;
  }
}
