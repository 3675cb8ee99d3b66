package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

  /** The nice value of the calling thread, field 19 of its stat line (after the command's ")"). */
  private static int niceOfThisThread() throws Exception {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }

  @Test
  void lowersTheCallingThreadOnlyAndForGood() throws Exception {
    assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only");
    int before = niceOfThisThread();
    AtomicReference<Integer> lowered = new AtomicReference<>();
    AtomicReference<Integer> priority = new AtomicReference<>();
    Thread thread =
        Thread.ofPlatform()
            .start(
                () -> {
                  BackgroundPriority.lowerCurrentThread();
                  priority.set(Thread.currentThread().getPriority());
                  try {
                    lowered.set(niceOfThisThread());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    thread.join();
    assertEquals(Thread.MIN_PRIORITY, priority.get());
    assertEquals(Math.max(before, 10), lowered.get());
    assertEquals(before, niceOfThisThread());
  }
}
