package io.diztl.index.internal;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling thread for good, so the CPU-bound background work
 * it does (hashing) gives way to the process's other threads (searches, transfers) whenever they
 * want a core. Java's {@link Thread#setPriority} is honoured on some systems only (on Linux, not
 * unless the JVM runs with {@code -XX:ThreadPriorityPolicy=1}); on Linux the thread's nice value is
 * raised as well, with {@code renice} on its thread id, which any user may do.
 */
final class BackgroundPriority {

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);

  /** Linux's nice value for background threads: about a tenth of a normal thread's CPU share. */
  private static final int NICE = 10;

  private static final long RENICE_SECONDS = 5;

  /** Links to {@code /proc/PID/task/TID} for the thread that reads it (Linux 3.17 and later). */
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");

  private BackgroundPriority() {}

  /** Lowers the calling thread's priority; a failure is logged and changes nothing else. */
  static void lowerCurrentThread() {
    Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
    if (!Files.isSymbolicLink(THREAD_SELF)) {
      return;
    }
    try {
      String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
      Process renice =
          new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
              .redirectErrorStream(true)
              .redirectOutput(Redirect.DISCARD)
              .start();
      if (!renice.waitFor(RENICE_SECONDS, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
        LOG.debug("renice of thread {} did not end within {} s", tid, RENICE_SECONDS);
      } else if (renice.exitValue() != 0) {
        LOG.debug("renice of thread {} failed with status {}", tid, renice.exitValue());
      }
    } catch (IOException e) {
      LOG.debug(
          "Cannot lower the priority of {}: {}", Thread.currentThread().getName(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
