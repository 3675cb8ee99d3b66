package io.diztl.pluginhost.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One plugin's faults this run: the files it failed or ran over the time limit on (quarantined:
 * never given to it again while unchanged), how many files it handled, and its abandoned calls that
 * still run. Thread-safe.
 */
final class PluginFaults {

  /** Quarantined files remembered by name; more are still counted. */
  static final int MAX_REMEMBERED = 10_000;

  private static final int SHOWN = 3;

  private final Map<FileKey, String> quarantined = new LinkedHashMap<>();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger succeeded = new AtomicInteger();
  private final AtomicInteger abandoned = new AtomicInteger();

  /** Whether {@code file} failed before, unchanged since. */
  synchronized boolean isQuarantined(FileKey file) {
    return quarantined.containsKey(file);
  }

  /** Remembers that {@code file} failed with {@code problem}; returns the failed files so far. */
  int quarantine(FileKey file, String problem) {
    synchronized (this) {
      if (quarantined.size() >= MAX_REMEMBERED) {
        return failed.incrementAndGet();
      }
      return quarantined.putIfAbsent(file, problem) == null
          ? failed.incrementAndGet()
          : failed.get();
    }
  }

  /** The plugin handled a file; returns the files handled so far. */
  int succeeded() {
    return succeeded.incrementAndGet();
  }

  int succeededCount() {
    return succeeded.get();
  }

  /** A call ran over and was abandoned; it counts as running until {@code ended} completes. */
  void abandoned(CompletableFuture<Void> ended) {
    abandoned.incrementAndGet();
    ended.whenComplete((done, failure) -> abandoned.decrementAndGet());
  }

  /** The abandoned calls still running. */
  int abandonedRunning() {
    return abandoned.get();
  }

  /** What is wrong but leaves the plugin usable, for listings; empty when nothing is. */
  synchronized List<String> describe() {
    List<String> notes = new ArrayList<>();
    int running = abandoned.get();
    if (running > 0) {
      notes.add(
          running
              + " call(s) over the time limit still running, deaf to interruption: no new files"
              + " for it until they end");
    }
    if (failed.get() > 0) {
      List<String> shown = new ArrayList<>();
      for (Map.Entry<FileKey, String> file : quarantined.entrySet()) {
        if (shown.size() == SHOWN) {
          break;
        }
        shown.add(file.getKey().relativePath() + " (" + file.getValue() + ")");
      }
      notes.add(
          failed.get()
              + " file(s) quarantined, not tried again this run unless changed: "
              + String.join(", ", shown)
              + (failed.get() > shown.size() ? ", ..." : ""));
    }
    return notes;
  }
}
