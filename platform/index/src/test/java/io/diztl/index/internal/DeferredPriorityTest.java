package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import org.junit.jupiter.api.Test;

class DeferredPriorityTest {

  /** The nice value of the calling thread, field 19 of its stat line (after the command's ")"). */
  private static int niceOfThisThread() throws Exception {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }

  @Test
  void keepsTheThreadsPriorityUntilServingThenLowersEachCheckingThreadForGood() throws Exception {
    assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only");
    int before = niceOfThisThread();
    DeferredPriority priority = new DeferredPriority();
    SynchronousQueue<Boolean> steps = new SynchronousQueue<>();
    BlockingQueue<List<Integer>> seen = new LinkedBlockingQueue<>();
    Thread worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  List<Integer> nice = new ArrayList<>();
                  try {
                    while (steps.take()) {
                      priority.lowerCurrentThreadIfServing();
                      nice.add(niceOfThisThread());
                      nice.add(Thread.currentThread().getPriority());
                      seen.put(List.copyOf(nice));
                      nice.clear();
                    }
                  } catch (Exception e) {
                    seen.add(List.of());
                  }
                });

    steps.put(true);
    assertEquals(List.of(before, Thread.NORM_PRIORITY), seen.take(), "before serving");
    assertFalse(priority.isServing());

    priority.serving();
    assertTrue(priority.isServing());
    steps.put(true);
    List<Integer> lowered = List.of(Math.max(before, 10), Thread.MIN_PRIORITY);
    assertEquals(lowered, seen.take(), "at its first check once serving");
    steps.put(true);
    assertEquals(lowered, seen.take(), "at later checks");
    steps.put(false);
    worker.join();
    assertEquals(before, niceOfThisThread(), "other threads keep theirs");
  }
}
