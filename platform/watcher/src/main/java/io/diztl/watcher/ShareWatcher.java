package io.diztl.watcher;

import io.diztl.api.DiztlException;
import io.diztl.watcher.internal.Debouncer;
import io.diztl.watcher.internal.FolderTreeVisitor;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a folder tree, including folders created after the start, and reports settled changes.
 *
 * <p>A created or modified file is reported once it has produced no event for its quiet period (see
 * {@link QuietPeriod}), so a file still being written is not reported until it is done. Deletions (of files and folders)
 * cancel pending changes under them and are reported at once; folders themselves are never reported
 * as changed (the files inside them are). Events come from a daemon thread named {@code
 * diztl-watcher}; the listener is called on a second daemon thread, one call at a time.
 */
public final class ShareWatcher implements AutoCloseable {

  /** Receives settled changes, on the watcher's own thread, one call at a time. */
  public interface Listener {
    /** A file was created or modified and has been quiet for its quiet period. */
    void changed(Path file);

    /** A file or folder was deleted. */
    void deleted(Path path);

    /** Events were lost: the listener should rescan the whole tree. */
    void overflow();
  }

  private static final Logger LOG = LoggerFactory.getLogger(ShareWatcher.class);
  private static final long CLOSE_WAIT_SECONDS = 5;

  private final Path root;
  private final Debouncer debouncer;
  private final ExecutorService loop;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DirectoryWatcher watcher;

  private ShareWatcher(Path root, QuietPeriod quiet, Listener listener) throws IOException {
    this.root = root;
    this.debouncer = new Debouncer(quiet, listener);
    this.loop =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("diztl-watcher").daemon().factory());
    try {
      // No hashing: with it the library reads every file of the tree at start.
      this.watcher =
          DirectoryWatcher.builder()
              .path(root)
              .fileHashing(false)
              .fileTreeVisitor(FolderTreeVisitor.forTree(root))
              .listener(new Events())
              .build();
    } catch (IOException | RuntimeException e) {
      loop.shutdownNow();
      debouncer.close();
      throw e;
    }
  }

  /**
   * Starts watching {@code root} recursively; every folder is registered when this returns.
   *
   * @param quietPeriod how long a file must be free of events before it is reported
   * @throws DiztlException when {@code root} is not a folder or cannot be watched
   */
  public static ShareWatcher start(Path root, Duration quietPeriod, Listener listener) {
    Objects.requireNonNull(quietPeriod, "quietPeriod");
    if (quietPeriod.isNegative()) {
      throw new DiztlException("expected a quiet period of at least 0, found " + quietPeriod);
    }
    return start(root, QuietPeriod.fixed(quietPeriod), listener);
  }

  /**
   * Starts watching {@code root} recursively, reporting each file once it has been quiet as long as
   * {@code quiet} asks for the way it is written; every folder is registered when this returns.
   *
   * @throws DiztlException when {@code root} is not a folder or cannot be watched
   * @since 0.2
   */
  public static ShareWatcher start(Path root, QuietPeriod quiet, Listener listener) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(quiet, "quiet");
    Objects.requireNonNull(listener, "listener");
    Path folder = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(folder)) {
      throw new DiztlException("expected a folder to watch, found none at " + folder);
    }
    ShareWatcher started;
    try {
      started = new ShareWatcher(folder, quiet, listener);
    } catch (IOException e) {
      throw new DiztlException("cannot watch " + folder + ": " + e.getMessage(), e);
    }
    started.run();
    LOG.info(
        "Watching {} (quiet period {}-{} ms)",
        folder,
        quiet.shortest().toMillis(),
        quiet.longest().toMillis());
    return started;
  }

  private void run() {
    watcher
        .watchAsync(loop)
        .whenComplete(
            (ignored, failure) -> {
              if (failure != null && !closed.get()) {
                LOG.warn("Watching {} stopped: {}", root, failure.toString());
              }
            });
  }

  /** Stops watching and drops changes not yet reported; waits a bounded time. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.warn("Closing the watch of {} failed: {}", root, e.toString());
    }
    loop.shutdown();
    try {
      if (!loop.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        loop.shutdownNow();
        LOG.warn("The watcher of {} did not stop within {} s", root, CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      loop.shutdownNow();
      Thread.currentThread().interrupt();
    }
    debouncer.close();
    LOG.info("Stopped watching {}", root);
  }

  /** Feeds the library's events to the debouncer, on the watcher thread. */
  private final class Events implements DirectoryChangeListener {

    @Override
    public void onEvent(DirectoryChangeEvent event) {
      switch (event.eventType()) {
        case CREATE, MODIFY -> {
          if (!event.isDirectory()) {
            LOG.debug("{} {}", event.eventType(), event.path());
            debouncer.changed(event.path());
          }
        }
        case DELETE -> {
          LOG.debug("DELETE {}", event.path());
          debouncer.deleted(event.path());
        }
        case OVERFLOW -> {
          LOG.info("Watcher of {} lost events: a rescan is needed", root);
          debouncer.overflow();
        }
      }
    }

    @Override
    public boolean isWatching() {
      return !closed.get();
    }

    @Override
    public void onException(Exception e) {
      LOG.warn("Watcher of {} failed on an event: {}", root, e.toString());
    }
  }
}
