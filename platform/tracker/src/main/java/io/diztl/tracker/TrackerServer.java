package io.diztl.tracker;

import io.diztl.api.DiztlException;
import io.diztl.proto.Transport;
import io.diztl.tracker.internal.PeerRegistry;
import io.diztl.tracker.internal.RemoteAddressInterceptor;
import io.diztl.tracker.internal.TrackerGrpcService;
import io.grpc.Server;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tracker: a gRPC server holding the registry of live nodes and relaying searches to
 * them. Closing it stops the server and closes every channel to the nodes.
 */
public final class TrackerServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrackerServer.class);
  private static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);
  private static final long CLOSE_WAIT_SECONDS = 2;

  private final ExecutorService executor;
  private final ScheduledExecutorService sweeper;
  private final PeerRegistry registry;
  private final Server server;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TrackerServer(
      ExecutorService executor,
      ScheduledExecutorService sweeper,
      PeerRegistry registry,
      Server server) {
    this.executor = executor;
    this.sweeper = sweeper;
    this.registry = registry;
    this.server = server;
    this.port = server.getPort();
  }

  /**
   * Starts a tracker listening on {@code config.bindHost():config.port()}.
   *
   * @throws DiztlException when it cannot listen there
   */
  public static TrackerServer start(TrackerConfig config) {
    Objects.requireNonNull(config, "config");
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("diztl-tracker-sweeper").daemon().factory());
    LongSupplier nanoClock = System::nanoTime;
    PeerRegistry registry =
        new PeerRegistry(
            config.nodeTtl(),
            nanoClock,
            node -> Transport.channel(node.getHost(), node.getPort()),
            config.limits());
    Duration heartbeatInterval = Duration.ofMillis(Math.max(1, config.nodeTtl().toMillis() / 3));
    TrackerGrpcService service =
        new TrackerGrpcService(
            registry,
            heartbeatInterval,
            config.searchDeadline(),
            executor,
            nanoClock,
            config.limits());
    Server server;
    try {
      server =
          Transport.startServer(
              config.bindHost(),
              config.port(),
              executor,
              List.of(service.bindService()),
              List.of(new RemoteAddressInterceptor()));
    } catch (UncheckedIOException e) {
      sweeper.shutdownNow();
      executor.shutdownNow();
      throw new DiztlException("tracker " + e.getMessage(), e);
    }
    TrackerServer tracker = new TrackerServer(executor, sweeper, registry, server);
    long period = Math.min(SWEEP_PERIOD.toMillis(), Math.max(10, config.nodeTtl().toMillis() / 2));
    sweeper.scheduleWithFixedDelay(tracker::sweep, period, period, TimeUnit.MILLISECONDS);
    LOG.info("tracker listening on {}:{}", config.bindHost(), tracker.port);
    return tracker;
  }

  /** The port it listens on; the one picked when the configuration asked for port 0. */
  public int port() {
    return port;
  }

  /**
   * Stops the server, the expiry sweeper and every channel to the nodes, waiting a bounded time.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sweeper.shutdownNow();
    Transport.close(server);
    registry.close();
    executor.shutdownNow();
    try {
      sweeper.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("tracker on port {} stopped", port);
  }

  private void sweep() {
    try {
      registry.expire();
    } catch (RuntimeException e) {
      LOG.warn("expiring silent nodes failed; will retry", e);
    }
  }
}
