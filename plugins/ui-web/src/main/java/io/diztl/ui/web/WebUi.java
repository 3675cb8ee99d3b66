package io.diztl.ui.web;

import io.diztl.api.ui.NodeFacade;
import io.diztl.api.ui.UiContribution;
import io.diztl.api.ui.UiSettings;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web interface: a server on {@code 127.0.0.1:7410} by default (see {@link UiSettings}) with
 * pages to search, browse, download and watch the node, and a JSON API for scripts. Does not start
 * when the owner turned web interfaces off.
 */
@Extension
public final class WebUi implements UiContribution {

  private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);

  private volatile WebServer server;

  @Override
  public String name() {
    return "web";
  }

  @Override
  public synchronized void start(NodeFacade node) throws Exception {
    Objects.requireNonNull(node, "node");
    UiSettings settings = node.uiSettings();
    if (!settings.enabled()) {
      LOG.info("web UI turned off");
      return;
    }
    if (server != null) {
      return;
    }
    // Jetty, Javalin and jte look things up through the context class loader: make it the
    // plugin's own while they start, and their threads inherit it.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    ClassLoader plugin = WebUi.class.getClassLoader();
    thread.setContextClassLoader(plugin);
    try {
      server = WebServer.start(node, settings, plugin, Clock.systemUTC());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public Optional<String> loginUrl() {
    WebServer running = server;
    return running == null ? Optional.empty() : Optional.of(running.loginUrl());
  }

  @Override
  public synchronized void stop() {
    WebServer running = server;
    server = null;
    if (running != null) {
      try {
        running.close();
      } catch (RuntimeException e) {
        LOG.warn("web UI did not stop cleanly", e);
      }
    }
  }
}
