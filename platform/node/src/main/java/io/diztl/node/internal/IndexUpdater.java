package io.diztl.node.internal;

import io.diztl.index.ShareIndex;
import io.diztl.watcher.ShareWatcher;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the watcher's changes into the index, skipping excluded folders (such as the data folder).
 */
public final class IndexUpdater implements ShareWatcher.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(IndexUpdater.class);

  private final ShareIndex index;
  private final List<Path> excluded;

  /** Updates {@code index}, ignoring anything under the absolute folders {@code excluded}. */
  public IndexUpdater(ShareIndex index, List<Path> excluded) {
    this.index = index;
    this.excluded = List.copyOf(excluded);
  }

  @Override
  public void changed(Path file) {
    if (isExcluded(file)) {
      return;
    }
    try {
      index.fileChanged(file);
    } catch (RuntimeException e) {
      LOG.warn("cannot index {}: {}", file, e.toString());
    }
  }

  @Override
  public void deleted(Path path) {
    if (isExcluded(path)) {
      return;
    }
    try {
      index.fileDeleted(path);
    } catch (RuntimeException e) {
      LOG.warn("cannot remove {} from the index: {}", path, e.toString());
    }
  }

  @Override
  public void overflow() {
    LOG.info("file events were lost: rescanning the share");
    try {
      index.reconcile();
    } catch (RuntimeException e) {
      LOG.warn("rescanning the share failed: {}", e.toString(), e);
    }
  }

  private boolean isExcluded(Path path) {
    Path normal = path.toAbsolutePath().normalize();
    return excluded.stream().anyMatch(normal::startsWith);
  }
}
