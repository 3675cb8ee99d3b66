package io.diztl.node.internal.transfer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay: how a {@link DownloadManager} comes back to a waiting download.
 */
@FunctionalInterface
public interface RetryTimer {

  /** Runs {@code task} once, {@code delay} from now. */
  void after(Duration delay, Runnable task);

  /** A timer that runs its tasks on {@code executor}; one that is shut down drops them. */
  static RetryTimer on(Executor executor) {
    return (delay, task) ->
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, executor)
            .execute(task);
  }
}
