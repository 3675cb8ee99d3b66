package io.diztl.node.internal;

import io.diztl.api.ui.NodeEvent;
import io.diztl.index.ShareIndex;
import io.diztl.pluginhost.PluginHost;
import io.diztl.pluginhost.PluginView;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the plugin host: when plugins come, go or are disabled, has the index extract again in
 * the background what the new set of extractors reads differently, and publishes what changed.
 * Closed before the index, so that no extraction starts on a closing index.
 */
public final class PluginChanges implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PluginChanges.class);

  private final PluginHost plugins;
  private final ShareIndex index;
  private final NodeEvents events;
  private final Executor executor;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Map<String, String> states;

  /** Follows {@code plugins} for {@code index}, extracting again on {@code executor}. */
  public PluginChanges(PluginHost plugins, ShareIndex index, NodeEvents events, Executor executor) {
    this.plugins = plugins;
    this.index = index;
    this.events = events;
    this.executor = executor;
    this.states = states();
  }

  @Override
  public synchronized void run() {
    if (closed.get()) {
      return;
    }
    try {
      executor.execute(this::reextract);
    } catch (RejectedExecutionException e) {
      return;
    }
    Map<String, String> now = new HashMap<>();
    for (PluginView plugin : plugins.plugins()) {
      now.put(plugin.id(), plugin.state());
      String before = states.get(plugin.id());
      if (!plugin.state().equals(before)) {
        events.publish(
            NodeEvent.Kind.PLUGIN,
            plugin.id(),
            "plugin "
                + plugin.id()
                + " "
                + plugin.version()
                + " is "
                + plugin.state()
                + (plugin.problem().isEmpty() ? "" : ": " + plugin.problem()));
      }
    }
    states.keySet().stream()
        .filter(id -> !now.containsKey(id))
        .forEach(id -> events.publish(NodeEvent.Kind.PLUGIN, id, "plugin " + id + " removed"));
    states = now;
  }

  private void reextract() {
    try {
      if (!closed.get()) {
        index.reextract();
      }
    } catch (RuntimeException e) {
      if (!closed.get()) {
        LOG.warn("extracting metadata again failed: {}", e.toString(), e);
      }
    }
  }

  /** Starts no more extractions. */
  @Override
  public void close() {
    closed.set(true);
  }

  private Map<String, String> states() {
    Map<String, String> now = new HashMap<>();
    plugins.plugins().forEach(plugin -> now.put(plugin.id(), plugin.state()));
    return now;
  }
}
