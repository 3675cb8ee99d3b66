package io.diztl.pluginhost;

import io.diztl.api.DiztlException;
import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import io.diztl.api.search.SearchMatcher;
import io.diztl.api.ui.NodeFacade;
import io.diztl.pluginhost.internal.DefaultPluginHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plugins of one node: loads the pf4j plugins (jars, and zips with their own libraries) of a
 * folder, watches it so that plugins dropped in or removed while the node runs are loaded or
 * unloaded, and offers their extensions with every call guarded.
 *
 * <p>Faults stay inside the host: a plugin file that cannot be loaded, or whose extensions cannot
 * be created, is logged and listed as {@code FAILED}; an extractor that throws or runs over its
 * time limit is logged and left out of that file's metadata, and a plugin whose extractors keep
 * failing is stopped for the rest of the run. pf4j's {@code disabled.txt} (one plugin id per line)
 * in the folder disables plugins, also while the node runs.
 *
 * <p>Every method may be called from several threads at once.
 *
 * @since 0.1
 */
public final class PluginHost implements AutoCloseable {

  private final DefaultPluginHost delegate;

  private PluginHost(DefaultPluginHost delegate) {
    this.delegate = delegate;
  }

  /**
   * Loads and starts the plugins of {@code pluginsDir} (created when missing) and starts watching
   * it. Broken plugins do not stop the host from starting. Zipped plugins are expanded into {@code
   * workDir}, a folder of this host's own, so that the plugins folder is only read (several nodes
   * may share it, and it may be read-only).
   *
   * @throws DiztlException when a folder is missing and cannot be created, or cannot be watched
   */
  public static PluginHost start(Path pluginsDir, Path workDir, PluginHostConfig config) {
    Objects.requireNonNull(pluginsDir, "pluginsDir");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(config, "config");
    return new PluginHost(DefaultPluginHost.start(pluginsDir, workDir, config));
  }

  /** The watched plugins folder (absolute, normal). */
  public Path pluginsDir() {
    return delegate.pluginsDir();
  }

  /** The fields of the active extractors, each name once, in plugin-id order. */
  public List<FieldSpec> fields() {
    return delegate.fields();
  }

  /** The active matchers by prefix; their failures other than bad arguments name the plugin. */
  public Map<String, SearchMatcher> matchers() {
    return delegate.matchers();
  }

  /**
   * Names the active extractors: sorted {@code pluginId@version:extractorClass}, joined with
   * commas; empty when there are none.
   */
  public String extractorsVersion() {
    return delegate.extractorsVersion();
  }

  /**
   * The metadata of one file from every active extractor that accepts it, in plugin-id order, each
   * run on a host thread within the time limit. Never throws: a file an extractor fails or times
   * out on is logged once and quarantined for that plugin, and the extractor's values left out.
   */
  public List<Metadata.Value> extract(FileSample file) {
    Objects.requireNonNull(file, "file");
    return delegate.extract(file);
  }

  /**
   * The metadata of each of {@code files}, in the same order, as {@link #extract} gives it; each
   * extractor takes all the files it accepts in one hand-off to a host thread, each file within the
   * time limit, which costs much less than one hand-off per file.
   */
  public List<List<Metadata.Value>> extractEach(List<FileSample> files) {
    Objects.requireNonNull(files, "files");
    return delegate.extractEach(List.copyOf(files));
  }

  /**
   * A preview of one file from the first active preview provider (in plugin-id order) that accepts
   * it and makes one within {@code limits}, each run on a host thread within the extraction time
   * limit. Never throws: failures, time-outs and previews beyond the limits are logged, the file
   * quarantined for a provider that failed or timed out on it, and the next provider asked.
   *
   * @since 0.2
   */
  public Optional<Preview> preview(FileSample file, PreviewLimits limits) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(limits, "limits");
    return delegate.preview(file, limits);
  }

  /** Every plugin file of the folder, by plugin id. */
  public List<PluginView> plugins() {
    return delegate.plugins();
  }

  /**
   * Starts the user interfaces of the active plugins on top of {@code node}, in plugin-id order,
   * and those of plugins that arrive later as they come. Called once, when the node is up.
   */
  public void startUis(NodeFacade node) {
    Objects.requireNonNull(node, "node");
    delegate.startUis(node);
  }

  /**
   * Stops the running user interfaces, last started first; plugins that arrive later start none.
   * For a node that is about to stop.
   */
  public void stopUis() {
    delegate.stopUis();
  }

  /**
   * Fresh login addresses of the running user interfaces that offer one ({@link
   * io.diztl.api.ui.UiContribution#loginUrl}), in plugin-id order; each is asked within a short
   * time limit, and one that fails or takes too long is logged and left out.
   *
   * @since 0.2
   */
  public List<String> uiLinks() {
    return delegate.uiLinks();
  }

  /**
   * Enables or disables a plugin by editing the folder's {@code disabled.txt} (or {@code
   * enabled.txt} when that lists plugins) in one atomic move; the plugin is started or stopped at
   * once.
   *
   * @throws DiztlException {@code NOT_FOUND}, naming the plugins there are, for an id no plugin of
   *     the folder has
   * @since 0.2
   */
  public void setEnabled(String pluginId, boolean enabled) {
    Objects.requireNonNull(pluginId, "pluginId");
    delegate.setEnabled(pluginId, enabled);
  }

  /**
   * Calls {@code onChange} after plugins came, went, or were disabled, on the thread that made the
   * change; it should return quickly.
   */
  public void addListener(Runnable onChange) {
    Objects.requireNonNull(onChange, "onChange");
    delegate.addListener(onChange);
  }

  /**
   * Stops watching, stops the user interfaces and the plugins (last started first), and unloads
   * them, each with a bounded wait. Idempotent; never throws.
   */
  @Override
  public void close() {
    delegate.close();
  }
}
