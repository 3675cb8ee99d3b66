package io.diztl.pluginhost.internal;

import java.nio.file.Path;
import org.pf4j.DefaultPluginManager;
import org.pf4j.RuntimeMode;

/**
 * pf4j's manager as the host uses it: always in deployment mode (plugins are jars and expanded
 * zips, never class folders of a build), with {@code disabled.txt} read again on demand. The host
 * lists, expands and loads the plugin files itself, one by one, so that each failure is its own.
 */
final class HostPluginManager extends DefaultPluginManager {

  HostPluginManager(Path pluginsDir) {
    super(pluginsDir);
  }

  @Override
  public RuntimeMode getRuntimeMode() {
    return RuntimeMode.DEPLOYMENT;
  }

  /** Reads {@code disabled.txt} and {@code enabled.txt} of the plugins folder again. */
  void reloadStatus() {
    pluginStatusProvider = createPluginStatusProvider();
  }

  /** Whether {@code disabled.txt} (or {@code enabled.txt}) disables the plugin with this id. */
  boolean disabledInFolder(String pluginId) {
    return isPluginDisabled(pluginId);
  }
}
