package io.diztl.pluginhost.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.metadata.FieldSpec;
import io.diztl.api.metadata.FileSample;
import io.diztl.api.metadata.Metadata;
import io.diztl.api.preview.Preview;
import io.diztl.api.preview.PreviewLimits;
import io.diztl.api.search.SearchMatcher;
import io.diztl.api.ui.NodeFacade;
import io.diztl.pluginhost.PluginHostConfig;
import io.diztl.pluginhost.PluginView;
import io.diztl.watcher.ShareWatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin host: loads each plugin file on its own, keeps the set of active extensions as an
 * immutable {@link Snapshot}, follows the folder's changes, and counts extractor faults. Everything
 * that changes plugins runs under one lock; extraction and search read the snapshot.
 */
public final class DefaultPluginHost {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultPluginHost.class);

  /** The longest a user interface may take to make a login address. */
  private static final Duration LINK_LIMIT = Duration.ofSeconds(2);

  private final Path dir;
  private final HostPluginManager manager;
  private final BoundedCalls calls = new BoundedCalls();
  private final Extractions extractions;
  private final Previews previews;
  private final PluginFiles files;
  private final PluginLifecycle lifecycle;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Path, PluginEntry> entries = new TreeMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Snapshot snapshot = Snapshot.EMPTY;
  private volatile ShareWatcher watcher;
  private NodeFacade facade;

  private DefaultPluginHost(Path dir, PluginFiles files, PluginHostConfig config) {
    this.dir = dir;
    this.files = files;
    this.manager = new HostPluginManager(dir);
    FaultPolicy faults = new FaultPolicy(config, this::disable);
    this.extractions = new Extractions(config, calls, faults);
    this.previews = new Previews(config, calls, faults);
    this.lifecycle = new PluginLifecycle(dir, files, manager, calls);
  }

  /** Creates the folders if needed, starts watching the plugins, then loads and starts them. */
  public static DefaultPluginHost start(Path pluginsDir, Path workDir, PluginHostConfig config) {
    Path dir = pluginsDir.toAbsolutePath().normalize();
    Path work = workDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new DiztlException(
          "cannot create the plugins folders " + dir + " and " + work + ": " + e, e);
    }
    DefaultPluginHost host = new DefaultPluginHost(dir, new PluginFiles(work), config);
    try {
      // Watch first, so that nothing dropped in while the folder is read is missed.
      host.watcher = ShareWatcher.start(dir, config.quietPeriod(), new FolderEvents(host));
      host.loadAll();
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
    return host;
  }

  public Path pluginsDir() {
    return dir;
  }

  public List<FieldSpec> fields() {
    return snapshot.fields();
  }

  public Map<String, SearchMatcher> matchers() {
    return snapshot.matchers();
  }

  public String extractorsVersion() {
    return snapshot.extractorsVersion();
  }

  public void addListener(Runnable onChange) {
    listeners.add(onChange);
  }

  /** See {@link io.diztl.pluginhost.PluginHost#extract}. */
  public List<Metadata.Value> extract(FileSample file) {
    return extractions.extract(snapshot.plugins(), file);
  }

  /** See {@link io.diztl.pluginhost.PluginHost#extractEach}. */
  public List<List<Metadata.Value>> extractEach(List<FileSample> files) {
    return extractions.extractEach(snapshot.plugins(), files);
  }

  /** See {@link io.diztl.pluginhost.PluginHost#preview}. */
  public Optional<Preview> preview(FileSample file, PreviewLimits limits) {
    return previews.preview(snapshot.plugins(), file, limits);
  }

  /** Stops a plugin for the rest of the run because of its faults. */
  private void disable(ActivePlugin plugin, String reason) {
    change(
        () -> {
          PluginEntry entry =
              entries.values().stream().filter(e -> e.active() == plugin).findFirst().orElse(null);
          if (entry == null) {
            return;
          }
          LOG.warn("plugin {} disabled: {}", plugin.id(), reason);
          lifecycle.deactivate(entry);
          entry.problem("disabled for this run: " + reason);
          lifecycle.stop(plugin.id());
        });
  }

  /** See {@link io.diztl.pluginhost.PluginHost#plugins}. */
  public List<PluginView> plugins() {
    lock.lock();
    try {
      Snapshot current = snapshot;
      return entries.values().stream()
          .map(entry -> view(entry, current))
          .sorted(Comparator.comparing(PluginView::id))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  private PluginView view(PluginEntry entry, Snapshot current) {
    List<String> problems = new ArrayList<>(entry.problems());
    problems.addAll(current.notes().getOrDefault(entry.label(), List.of()));
    if (entry.active() != null) {
      problems.addAll(entry.active().faults().describe());
    }
    return new PluginView(
        entry.label(),
        entry.version(),
        lifecycle.state(entry),
        entry.description(),
        entry.extensions(),
        String.join("; ", problems));
  }

  /** See {@link io.diztl.pluginhost.PluginHost#startUis}. */
  public void startUis(NodeFacade node) {
    lock.lock();
    try {
      if (!closed.get()) {
        facade = node;
        activeEntries().forEach(entry -> lifecycle.startUis(entry, node));
      }
    } finally {
      lock.unlock();
    }
  }

  /** See {@link io.diztl.pluginhost.PluginHost#stopUis}. */
  public void stopUis() {
    lock.lock();
    try {
      facade = null;
      activeEntries().reversed().forEach(entry -> lifecycle.stopUis(entry.active()));
    } finally {
      lock.unlock();
    }
  }

  /** See {@link io.diztl.pluginhost.PluginHost#uiLinks}. */
  public List<String> uiLinks() {
    List<Map.Entry<ActivePlugin, HostedUi>> running = new ArrayList<>();
    lock.lock();
    try {
      for (PluginEntry entry : activeEntries()) {
        entry.active().startedUis().forEach(ui -> running.add(Map.entry(entry.active(), ui)));
      }
    } finally {
      lock.unlock();
    }
    List<String> links = new ArrayList<>();
    for (Map.Entry<ActivePlugin, HostedUi> ui : running) {
      switch (calls.call(() -> ui.getValue().ui().loginUrl(), ui.getKey().loader(), LINK_LIMIT)) {
        case BoundedCalls.Done<Optional<String>>(var url) -> url.ifPresent(links::add);
        case BoundedCalls.Failed<Optional<String>>(var cause) ->
            LOG.warn(
                "the login address of {} failed: {}",
                ui.getValue().describe(),
                Problems.describe(cause));
        case BoundedCalls.TimedOut<Optional<String>> timedOut ->
            LOG.warn("the login address of {} took too long", ui.getValue().describe());
        case BoundedCalls.Cancelled<Optional<String>> cancelled -> {}
      }
    }
    return links;
  }

  /** See {@link io.diztl.pluginhost.PluginHost#setEnabled}. */
  public void setEnabled(String pluginId, boolean enabled) {
    lock.lock();
    try {
      List<String> ids =
          entries.values().stream()
              .map(PluginEntry::pluginId)
              .filter(Objects::nonNull)
              .sorted()
              .toList();
      if (!ids.contains(pluginId)) {
        throw new DiztlException(
            ErrorKind.NOT_FOUND,
            "no plugin '"
                + pluginId
                + "' in "
                + dir
                + ": expected one of "
                + (ids.isEmpty() ? "none (the folder has no plugins)" : String.join(", ", ids)));
      }
      StatusFile.set(dir, pluginId, enabled);
    } finally {
      lock.unlock();
    }
    statusChanged();
  }

  /** Loads every plugin file of the folder, then starts the plugins in id order. */
  private void loadAll() {
    change(
        () -> {
          files.list(dir).forEach(this::load);
          entries.values().stream()
              .filter(entry -> entry.pluginId() != null)
              .sorted(Comparator.comparing(PluginEntry::pluginId))
              .forEach(this::start);
          long started = entries.values().stream().filter(e -> e.active() != null).count();
          LOG.info("{} plugin file(s) in {}, {} started", entries.size(), dir, started);
        });
  }

  /** A plugin file appeared or changed: (re)loads and starts it. */
  void fileChanged(Path file) {
    if (PluginFiles.isStatusFile(file)) {
      statusChanged();
      return;
    }
    if (!PluginFiles.isPluginName(file) || !Files.isRegularFile(file)) {
      return;
    }
    change(
        () -> {
          PluginEntry old = entries.get(file);
          if (old != null) {
            LOG.info("plugin file {} changed: loading it again", file.getFileName());
            unload(old);
            deleteExpanded(file);
          }
          PluginEntry entry = load(file);
          if (entry.pluginId() != null) {
            start(entry);
          }
        });
  }

  /** A plugin file (or the status file) was deleted: unloads its plugin. */
  void fileDeleted(Path file) {
    if (PluginFiles.isStatusFile(file)) {
      statusChanged();
      return;
    }
    change(
        () -> {
          PluginEntry old = entries.get(file);
          if (old != null) {
            LOG.info("plugin file {} removed", file.getFileName());
            unload(old);
            deleteExpanded(file);
          }
        });
  }

  /** Brings the loaded plugins in line with the folder's files, after lost events. */
  void rescan() {
    change(
        () -> {
          List<Path> present = Files.isDirectory(dir) ? files.list(dir) : List.of();
          for (PluginEntry entry : List.copyOf(entries.values())) {
            if (!present.contains(entry.file())) {
              unload(entry);
              deleteExpanded(entry.file());
            }
          }
          present.stream()
              .filter(file -> !entries.containsKey(file))
              .map(this::load)
              .filter(entry -> entry.pluginId() != null)
              .forEach(this::start);
        });
  }

  /** {@code disabled.txt} changed: reloads the plugins whose status it changed. */
  private void statusChanged() {
    change(
        () -> {
          manager.reloadStatus();
          for (PluginEntry entry : List.copyOf(entries.values())) {
            String id = entry.pluginId();
            PluginWrapper wrapper = id == null ? null : manager.getPlugin(id);
            if (wrapper != null
                && manager.disabledInFolder(id)
                    != (wrapper.getPluginState() == PluginState.DISABLED)) {
              LOG.info(
                  "plugin {} is now {} in {}",
                  id,
                  manager.disabledInFolder(id) ? "disabled" : "enabled",
                  dir);
              unload(entry);
              PluginEntry again = load(entry.file());
              if (again.pluginId() != null) {
                start(again);
              }
            }
          }
        });
  }

  private void deleteExpanded(Path file) {
    try {
      files.deleteExpanded(file);
    } catch (IOException e) {
      LOG.warn("cannot delete the expanded folder of {}: {}", file, e.toString());
    }
  }

  /** Loads one plugin file and records it, failed or not. */
  private PluginEntry load(Path file) {
    PluginEntry entry = lifecycle.load(file);
    entries.put(file, entry);
    return entry;
  }

  /** Starts a loaded plugin and, once the node is up, its user interfaces. */
  private void start(PluginEntry entry) {
    if (lifecycle.start(entry, snapshot.plugins())) {
      publish();
      if (facade != null) {
        lifecycle.startUis(entry, facade);
      }
    }
  }

  /** Unloads the plugin of an entry and forgets the entry. */
  private void unload(PluginEntry entry) {
    entries.remove(entry.file());
    lifecycle.unload(entry);
  }

  private List<PluginEntry> activeEntries() {
    return entries.values().stream()
        .filter(entry -> entry.active() != null)
        .sorted(Comparator.comparing(PluginEntry::pluginId))
        .toList();
  }

  /** Runs a change under the lock, publishes the new snapshot, then tells the listeners. */
  private void change(Runnable change) {
    lock.lock();
    try {
      if (closed.get()) {
        return;
      }
      change.run();
      publish();
    } finally {
      lock.unlock();
    }
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("a plugin change listener failed: {}", e.toString(), e);
      }
    }
  }

  private void publish() {
    snapshot = Snapshot.of(activeEntries().stream().map(PluginEntry::active).toList());
  }

  /** See {@link io.diztl.pluginhost.PluginHost#close}. */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ShareWatcher folderWatcher = watcher;
    if (folderWatcher != null) {
      folderWatcher.close();
    }
    lock.lock();
    try {
      List<PluginEntry> loaded =
          entries.values().stream()
              .filter(
                  entry -> entry.pluginId() != null && manager.getPlugin(entry.pluginId()) != null)
              .sorted(Comparator.comparing(PluginEntry::pluginId).reversed())
              .toList();
      loaded.forEach(lifecycle::deactivate);
      // One by one: pf4j 3.15's stopPlugins() throws ConcurrentModificationException (#656).
      loaded.forEach(entry -> lifecycle.stop(entry.pluginId()));
      loaded.forEach(lifecycle::unload);
      entries.clear();
      snapshot = Snapshot.EMPTY;
    } finally {
      lock.unlock();
    }
    calls.close();
    LOG.info("plugin host of {} stopped", dir);
  }
}
