package io.diztl.pluginhost.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the host knows about one plugin file of the folder: the plugin pf4j loaded from it (if any),
 * its extensions while active, and its problems. Changed only under the host's lock.
 */
final class PluginEntry {

  private final Path file;
  private String pluginId;
  private String version = "";
  private String description = "";
  private ActivePlugin active;
  private List<String> extensions = List.of();
  private final List<String> problems = new ArrayList<>();
  private boolean failed;

  PluginEntry(Path file) {
    this.file = file;
  }

  /** The jar or zip in the plugins folder. */
  Path file() {
    return file;
  }

  /** The id pf4j loaded the plugin under, null when the file could not be loaded. */
  String pluginId() {
    return pluginId;
  }

  String version() {
    return version;
  }

  String description() {
    return description;
  }

  /** The plugin's extensions while it is started, else null. */
  ActivePlugin active() {
    return active;
  }

  /** What the plugin contributes, kept after it stopped so that listings still show it. */
  List<String> extensions() {
    return extensions;
  }

  /** Whether the plugin, or one of its extensions, could not be loaded. */
  boolean failed() {
    return failed;
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /** The descriptor pf4j read. */
  void loaded(String pluginId, String version, String description) {
    this.pluginId = pluginId;
    this.version = version == null ? "" : version;
    this.description = description == null ? "" : description.strip();
  }

  /** The plugin started with these extensions. */
  void activate(ActivePlugin plugin) {
    this.active = plugin;
    this.extensions = plugin.describe();
  }

  /** The plugin is no longer started. */
  void deactivate() {
    this.active = null;
  }

  /** Records something wrong that leaves the plugin usable (or already stopped). */
  void problem(String problem) {
    problems.add(problem);
  }

  /** Records why the plugin could not be loaded or started. */
  void fail(String problem) {
    failed = true;
    problems.add(problem);
  }

  /** The id for listings: the plugin id, or the file name when there is none. */
  String label() {
    return pluginId != null ? pluginId : file.getFileName().toString();
  }
}
