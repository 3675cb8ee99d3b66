package io.diztl.node.internal;

import io.diztl.api.ui.NodeEvent;
import io.diztl.index.ShareIndex;
import io.diztl.watcher.ShareWatcher;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the watcher's changes into the index, skipping excluded folders (such as the data folder),
 * and publishes them as node events.
 */
public final class IndexUpdater implements ShareWatcher.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(IndexUpdater.class);

  private final ShareIndex index;
  private final List<Path> excluded;
  private final NodeEvents events;

  /**
   * Updates {@code index}, ignoring anything under the absolute folders {@code excluded}, and
   * publishes to {@code events}.
   */
  public IndexUpdater(ShareIndex index, List<Path> excluded, NodeEvents events) {
    this.index = index;
    this.excluded = List.copyOf(excluded);
    this.events = events;
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
      return;
    }
    if (Files.isRegularFile(file)) {
      events.publish(NodeEvent.Kind.FILE_INDEXED, relative(file), "indexed " + relative(file));
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
      return;
    }
    events.publish(NodeEvent.Kind.FILE_REMOVED, relative(path), "removed " + relative(path));
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

  /** The path relative to the share, with '/' separators. */
  private String relative(Path path) {
    Path share = index.shareDir();
    Path normal = path.toAbsolutePath().normalize();
    return (normal.startsWith(share) ? share.relativize(normal) : normal)
        .toString()
        .replace(File.separatorChar, '/');
  }

  private boolean isExcluded(Path path) {
    Path normal = path.toAbsolutePath().normalize();
    return excluded.stream().anyMatch(normal::startsWith);
  }
}
