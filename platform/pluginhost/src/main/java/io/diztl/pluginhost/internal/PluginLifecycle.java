package io.diztl.pluginhost.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ui.NodeFacade;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin's way through pf4j: its file loaded, the plugin started and its extensions taken, its
 * user interfaces started and stopped, the plugin stopped and unloaded. Every call into the plugin
 * is bounded; what goes wrong is logged and recorded on the plugin's entry. Used under the host's
 * lock.
 */
final class PluginLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(PluginLifecycle.class);

  /** The longest a plugin's start (its extensions created) may take. */
  static final Duration START_LIMIT = Duration.ofSeconds(10);

  /**
   * The longest a user interface's start may take: longer than a plugin's, as a web server with its
   * templates takes several seconds on a busy two-core machine.
   */
  static final Duration UI_START_LIMIT = Duration.ofSeconds(30);

  /** The longest a plugin's or a user interface's stop may take. */
  static final Duration STOP_LIMIT = Duration.ofSeconds(5);

  private final Path dir;
  private final PluginFiles files;
  private final HostPluginManager manager;
  private final BoundedCalls calls;

  PluginLifecycle(Path dir, PluginFiles files, HostPluginManager manager, BoundedCalls calls) {
    this.files = files;
    this.dir = dir;
    this.manager = manager;
    this.calls = calls;
  }

  /** Loads one plugin file into pf4j; the entry says how it went. */
  PluginEntry load(Path file) {
    PluginEntry entry = new PluginEntry(file);
    Path pluginPath = file;
    try {
      PluginFiles.check(file);
      pluginPath = files.pluginPath(file);
      String id = manager.loadPlugin(pluginPath);
      PluginWrapper wrapper = manager.getPlugin(id);
      entry.loaded(
          id, wrapper.getDescriptor().getVersion(), wrapper.getDescriptor().getPluginDescription());
    } catch (DiztlException e) {
      cannotLoad(entry, e.getMessage());
    } catch (IOException | RuntimeException | LinkageError e) {
      cannotLoad(entry, Problems.describe(e));
      Path loadedFrom = pluginPath;
      // Loaded but not resolved: keep the id so that removing the file unloads it.
      manager.getPlugins().stream()
          .filter(wrapper -> wrapper.getPluginPath().equals(loadedFrom))
          .findFirst()
          .ifPresent(
              wrapper ->
                  entry.loaded(
                      wrapper.getPluginId(),
                      wrapper.getDescriptor().getVersion(),
                      wrapper.getDescriptor().getPluginDescription()));
    }
    return entry;
  }

  private static void cannotLoad(PluginEntry entry, String why) {
    String file = entry.file().getFileName().toString();
    LOG.warn("cannot load plugin file {}: {}", file, why);
    entry.fail("cannot load " + file + ": " + why);
  }

  /**
   * Starts a loaded plugin and takes its extensions, unless it is disabled or broken; an extractor
   * whose fields clash with those of {@code active} is refused.
   *
   * @return true when the entry is now active
   */
  boolean start(PluginEntry entry, List<ActivePlugin> active) {
    String id = entry.pluginId();
    PluginWrapper wrapper = id == null ? null : manager.getPlugin(id);
    if (entry.failed() || wrapper == null) {
      return false;
    }
    if (wrapper.getPluginState() == PluginState.DISABLED) {
      LOG.info(
          "plugin {}@{} is disabled by disabled.txt or enabled.txt in {}",
          id,
          entry.version(),
          dir);
      entry.problem("disabled by disabled.txt (or enabled.txt) in the plugins folder");
      return false;
    }
    ClassLoader loader = wrapper.getPluginClassLoader();
    calls.step("starting plugin " + id, () -> manager.startPlugin(id), loader, START_LIMIT);
    if (wrapper.getPluginState() != PluginState.STARTED) {
      Throwable cause = wrapper.getFailedException();
      fail(
          entry,
          "cannot start: "
              + (cause == null ? "state " + wrapper.getPluginState() : Problems.describe(cause)));
      return false;
    }
    ExtensionScan.Contributions contributions =
        switch (calls.call(
            () -> ExtensionScan.scan(id, loader, manager.getExtensionFactory()),
            loader,
            START_LIMIT)) {
          case BoundedCalls.Done(var found) -> found;
          case BoundedCalls.Failed(var cause) ->
              failed(entry, "cannot read its extensions: " + Problems.describe(cause));
          case BoundedCalls.TimedOut(var limit, var ended) ->
              failed(entry, "creating its extensions took longer than " + limit.toSeconds() + " s");
          case BoundedCalls.Cancelled() ->
              failed(entry, "interrupted while creating its extensions");
        };
    if (contributions == null) {
      return false;
    }
    if (!contributions.problems().isEmpty()) {
      fail(entry, String.join("; ", contributions.problems()));
      return false;
    }
    ActivePlugin plugin =
        new ActivePlugin(
            id,
            entry.version(),
            loader,
            FieldClashes.accepted(active, entry, contributions.extractors()),
            contributions.matchers(),
            contributions.uis(),
            contributions.previews());
    entry.activate(plugin);
    List<String> extensions = plugin.describe();
    LOG.info(
        "plugin {}@{} started: {}",
        id,
        entry.version(),
        extensions.isEmpty() ? "no extensions" : String.join("; ", extensions));
    return true;
  }

  private ExtensionScan.Contributions failed(PluginEntry entry, String problem) {
    fail(entry, problem);
    return null;
  }

  /** A plugin that started but is broken: stops it again and lists it as failed. */
  private void fail(PluginEntry entry, String problem) {
    LOG.warn("plugin {} failed: {}", entry.pluginId(), problem);
    entry.fail(problem);
    stop(entry.pluginId());
  }

  /** Starts the user interfaces of an active entry on top of {@code node}, in order. */
  void startUis(PluginEntry entry, NodeFacade node) {
    ActivePlugin plugin = entry.active();
    for (HostedUi ui : plugin.uis()) {
      String what = "user interface " + ui.name() + " of plugin " + plugin.id();
      if (calls.step(
          "starting " + what, () -> ui.ui().start(node), plugin.loader(), UI_START_LIMIT)) {
        plugin.startedUis().add(ui);
        LOG.info("started {}", what);
      } else {
        entry.problem(what + " did not start (see the log)");
      }
    }
  }

  /** Stops the running user interfaces of a plugin, last started first. */
  void stopUis(ActivePlugin plugin) {
    List<HostedUi> started = plugin.startedUis();
    for (HostedUi ui : started.reversed()) {
      String what = "user interface " + ui.name() + " of plugin " + plugin.id();
      if (calls.step("stopping " + what, () -> ui.ui().stop(), plugin.loader(), STOP_LIMIT)) {
        LOG.info("stopped {}", what);
      }
    }
    started.clear();
  }

  /** Stops an entry's user interfaces and retires its extensions; the plugin stays loaded. */
  void deactivate(PluginEntry entry) {
    ActivePlugin plugin = entry.active();
    if (plugin != null) {
      stopUis(plugin);
      plugin.retire();
      entry.deactivate();
    }
  }

  /** Stops the plugin with this id if it is started. */
  void stop(String id) {
    PluginWrapper wrapper = id == null ? null : manager.getPlugin(id);
    if (wrapper != null && wrapper.getPluginState() == PluginState.STARTED) {
      calls.step(
          "stopping plugin " + id,
          () -> manager.stopPlugin(id),
          wrapper.getPluginClassLoader(),
          STOP_LIMIT);
    }
  }

  /**
   * Deactivates an entry and unloads its plugin (which stops it first), closing its class loader.
   */
  void unload(PluginEntry entry) {
    deactivate(entry);
    String id = entry.pluginId();
    PluginWrapper wrapper = id == null ? null : manager.getPlugin(id);
    if (wrapper != null
        && calls.step(
            "unloading plugin " + id,
            () -> manager.unloadPlugin(id),
            wrapper.getPluginClassLoader(),
            STOP_LIMIT)) {
      LOG.info("plugin {} unloaded", id);
    }
  }

  /** pf4j's state of the entry's plugin, or FAILED when it could not be loaded or started. */
  String state(PluginEntry entry) {
    if (entry.failed() || entry.pluginId() == null) {
      return PluginState.FAILED.name();
    }
    PluginWrapper wrapper = manager.getPlugin(entry.pluginId());
    return wrapper == null ? PluginState.UNLOADED.name() : wrapper.getPluginState().name();
  }
}
