package io.diztl.watcher;

import java.nio.file.Path;
import java.time.Duration;

/** Watches a folder tree. TODO(helper): implement. */
public final class ShareWatcher implements AutoCloseable {

  /** Receives settled changes, on the watcher's own thread, one call at a time. */
  public interface Listener {
    /** A file was created or modified and has been quiet for the quiet period. */
    void changed(Path file);

    /** A file or folder was deleted. */
    void deleted(Path path);

    /** Events were lost: the listener should rescan the whole tree. */
    void overflow();
  }

  private ShareWatcher() {}

  /** Starts watching {@code root} recursively. */
  public static ShareWatcher start(Path root, Duration quietPeriod, Listener listener) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void close() {}
}
