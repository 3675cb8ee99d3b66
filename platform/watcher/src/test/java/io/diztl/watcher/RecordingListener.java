package io.diztl.watcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Records listener calls as "changed:path", "deleted:path" and "overflow", in order. */
public final class RecordingListener implements ShareWatcher.Listener {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final List<String> calls = new ArrayList<>();
  private final List<Long> changeTimes = new ArrayList<>();

  @Override
  public synchronized void changed(Path file) {
    calls.add("changed:" + file);
    changeTimes.add(System.nanoTime());
  }

  @Override
  public synchronized void deleted(Path path) {
    calls.add("deleted:" + path);
  }

  @Override
  public synchronized void overflow() {
    calls.add("overflow");
  }

  /** Every call so far. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** The {@link System#nanoTime()} of every change reported so far. */
  public synchronized List<Long> changeTimes() {
    return List.copyOf(changeTimes);
  }

  /** How many times {@code call} was recorded. */
  public long count(String call) {
    return calls().stream().filter(call::equals).count();
  }

  /** Waits (up to 10 s) until {@code call} was recorded at least {@code times} times. */
  public void await(String call, int times) {
    awaitTrue(() -> count(call) >= times, call + " x" + times);
  }

  /** Waits (up to 10 s) until {@code call} was recorded. */
  public void await(String call) {
    await(call, 1);
  }

  private void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + PATIENCE + "; calls: " + calls());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
