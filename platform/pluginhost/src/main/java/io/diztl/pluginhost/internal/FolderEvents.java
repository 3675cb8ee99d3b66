package io.diztl.pluginhost.internal;

import io.diztl.watcher.ShareWatcher;
import java.nio.file.Path;

/**
 * Passes the watcher's settled changes of the plugins folder on to the host: plugin files and
 * status files directly in the folder only (the folders zips expand into are the host's own).
 */
final class FolderEvents implements ShareWatcher.Listener {

  private final DefaultPluginHost host;

  FolderEvents(DefaultPluginHost host) {
    this.host = host;
  }

  @Override
  public void changed(Path file) {
    if (inFolder(file)) {
      host.fileChanged(file);
    }
  }

  @Override
  public void deleted(Path path) {
    if (path.equals(host.pluginsDir())) {
      host.rescan();
    } else if (inFolder(path)) {
      host.fileDeleted(path);
    }
  }

  @Override
  public void overflow() {
    host.rescan();
  }

  private boolean inFolder(Path path) {
    return host.pluginsDir().equals(path.getParent());
  }
}
