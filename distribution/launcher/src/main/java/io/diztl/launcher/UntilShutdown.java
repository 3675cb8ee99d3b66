package io.diztl.launcher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a tracker or node process running until Ctrl-C or SIGTERM, then closes its services. */
final class UntilShutdown {

  /** How long the shutdown hook waits for the services to close before the JVM ends anyway. */
  static final Duration CLOSE_BOUND = Duration.ofSeconds(15);

  private static final Logger LOG = LoggerFactory.getLogger(UntilShutdown.class);

  private UntilShutdown() {}

  /**
   * Registers the one shutdown hook, which closes {@code services} in order, and blocks the calling
   * thread for good: the JVM ends once the hook has run.
   */
  static void await(List<? extends AutoCloseable> services) throws InterruptedException {
    List<AutoCloseable> inOrder = List.copyOf(services);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("diztl-shutdown")
                .unstarted(() -> closeAll(inOrder, CLOSE_BOUND)));
    new CountDownLatch(1).await();
  }

  /**
   * Closes {@code services} in order on another thread, waiting at most {@code bound} for all of
   * them.
   *
   * @return whether all of them closed in time
   */
  static boolean closeAll(List<? extends AutoCloseable> services, Duration bound) {
    Thread closer =
        Thread.ofPlatform()
            .name("diztl-close")
            .daemon()
            .start(
                () -> {
                  for (AutoCloseable service : services) {
                    try {
                      service.close();
                    } catch (Exception e) {
                      LOG.warn("Closing {} failed: {}", service, Errors.describe(e));
                    }
                  }
                });
    try {
      if (closer.join(bound)) {
        return true;
      }
      LOG.warn("Stopped waiting for a clean shutdown after {} s", bound.toSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
