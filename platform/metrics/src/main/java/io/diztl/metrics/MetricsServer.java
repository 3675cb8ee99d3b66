package io.diztl.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP listener that answers {@code GET /metrics} with every meter of its registry in the
 * Prometheus text format (0.0.4), JVM memory, garbage collection, threads, classes, CPU and uptime
 * included. Anything else gets 404, any other method 405. Its requests are served one at a time on
 * a thread of its own. Closing it stops the listener and the JVM meters.
 */
public final class MetricsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  /** The one path it serves. */
  public static final String PATH = "/metrics";

  /** The address it listens on unless told otherwise: this machine only. */
  public static final String DEFAULT_BIND = "127.0.0.1";

  /** The port the command line suggests for it. */
  public static final int DEFAULT_PORT = 7402;

  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MetricsServer(
      PrometheusMeterRegistry registry, JvmGcMetrics gc, HttpServer server, ExecutorService pool) {
    this.registry = registry;
    this.gc = gc;
    this.server = server;
    this.executor = pool;
  }

  /**
   * Listens on {@code bindHost:port} (0: a free port) with a new registry holding the JVM's meters.
   *
   * @throws UncheckedIOException when it cannot listen there
   * @throws IllegalArgumentException for a port outside 0-65535
   */
  public static MetricsServer start(String bindHost, int port) {
    Objects.requireNonNull(bindHost, "bindHost");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the metrics port must be 0-65535, found " + port);
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindHost, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on " + bindHost + ":" + port + ": " + e.getMessage(), e);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("diztl-metrics").daemon().factory());
    MetricsServer metrics = new MetricsServer(registry, gc, server, executor);
    server.createContext("/", metrics::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info("metrics on {}", metrics.url());
    return metrics;
  }

  /** The registry whose meters it serves; bind the process's own meters to it. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The address to scrape, such as {@code http://127.0.0.1:7402/metrics}. */
  public URI url() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + PATH);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        reply(exchange, 404, "not found: only " + PATH + " is served\n");
      } else if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(exchange, 405, "method not allowed: use GET\n");
      } else {
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        if ("HEAD".equals(exchange.getRequestMethod())) {
          exchange.sendResponseHeaders(200, -1);
        } else {
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops listening (waiting at most a second for a scrape under way) and the JVM meters. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(1);
      executor.shutdownNow();
      gc.close();
      registry.close();
    }
  }
}
