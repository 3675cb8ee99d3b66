package io.diztl.tracker;

import static java.util.stream.Collectors.toSet;

import com.google.common.util.concurrent.MoreExecutors;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.PeerPin;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.TrackerGrpc;
import io.diztl.tracker.internal.Admission;
import io.diztl.tracker.internal.AdmissionGate;
import io.diztl.tracker.internal.DeadlineTimer;
import io.diztl.tracker.internal.HazelcastCluster;
import io.diztl.tracker.internal.KeyAdmission;
import io.diztl.tracker.internal.OwnNodesSearch;
import io.diztl.tracker.internal.PeerRegistry;
import io.diztl.tracker.internal.RelayStreams;
import io.diztl.tracker.internal.RemoteAddressInterceptor;
import io.diztl.tracker.internal.RoutingTable;
import io.diztl.tracker.internal.StandingQueries;
import io.diztl.tracker.internal.StandingQueryRelay;
import io.diztl.tracker.internal.TrackerGrpcService;
import io.diztl.tracker.internal.TrackerMetrics;
import io.diztl.tracker.internal.TrackerPeerGrpcService;
import io.diztl.tracker.internal.TrackerRoutingGrpcService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * them. Its {@link Transport} gives it its identity: over TLS, nodes register only under the
 * identity of their certificate, and the tracker reaches each node only over a channel pinned to
 * that identity, after checking at registration that the node's address answers with it (in plain
 * text, nothing is checked: a node is who it claims to be). Closing it stops the server and closes
 * every channel to the nodes.
 */
public final class TrackerServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrackerServer.class);
  private static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);
  private static final long CLOSE_WAIT_SECONDS = 2;

  /** How long a registering node's peer service has to answer the tracker's check. */
  private static final Duration REACHABILITY_DEADLINE = Duration.ofSeconds(3);

  private final ExecutorService executor;
  private final ScheduledExecutorService sweeper;
  private final PeerRegistry registry;
  private final Clustering clustering;
  private final RoutingTable routing;
  private final Server server;
  private final int port;
  private final Optional<String> id;
  private final boolean closedNetwork;
  private final TrackerMetrics meters;
  private final RelayStreams streams;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TrackerServer(
      ExecutorService executor,
      ScheduledExecutorService sweeper,
      PeerRegistry registry,
      Clustering clustering,
      RoutingTable routing,
      Server server,
      Optional<String> id,
      boolean closedNetwork,
      TrackerMetrics meters,
      RelayStreams streams) {
    this.routing = routing;
    this.streams = streams;
    this.executor = executor;
    this.clustering = clustering;
    this.meters = meters;
    this.id = id;
    this.closedNetwork = closedNetwork;
    this.sweeper = sweeper;
    this.registry = registry;
    this.server = server;
    this.port = server.getPort();
  }

  /**
   * Starts a tracker listening on {@code config.bindHost():config.port()} over {@code transport}.
   *
   * @throws DiztlException when it cannot listen there
   */
  public static TrackerServer start(TrackerConfig config, Transport transport) {
    return start(config, transport, Optional.empty(), new CompositeMeterRegistry());
  }

  /**
   * Starts a tracker of a closed network: it admits only nodes that prove {@code key} when they
   * register, and only those may search and list peers.
   *
   * @throws DiztlException when it cannot listen there
   * @throws IllegalArgumentException when {@code transport} has no TLS identity to bind proofs to
   */
  public static TrackerServer start(TrackerConfig config, Transport transport, NetworkKey key) {
    return start(
        config,
        transport,
        Optional.of(Objects.requireNonNull(key, "key")),
        new CompositeMeterRegistry());
  }

  /**
   * Starts a tracker as {@link #start(TrackerConfig, Transport)} does, with its meters ({@code
   * diztl.tracker.*}) on {@code metrics}, such as the registry of a {@link
   * io.diztl.metrics.MetricsServer}; they are removed when the tracker closes.
   *
   * @throws DiztlException when it cannot listen there
   */
  public static TrackerServer start(
      TrackerConfig config, Transport transport, MeterRegistry metrics) {
    return start(config, transport, Optional.empty(), metrics);
  }

  /**
   * Starts a tracker as {@link #start(TrackerConfig, Transport)} does, of a closed network when
   * {@code key} is present (see {@link #start(TrackerConfig, Transport, NetworkKey)}), with its
   * meters on {@code metrics}.
   *
   * @throws DiztlException when it cannot listen there
   * @throws IllegalArgumentException when a key goes with a {@code transport} without a TLS
   *     identity
   */
  public static TrackerServer start(
      TrackerConfig config, Transport transport, Optional<NetworkKey> key, MeterRegistry metrics) {
    return start(config, transport, key, metrics, Optional.empty(), RoutingPolicy.DEFAULT);
  }

  /**
   * Starts a tracker as {@link #start(TrackerConfig, Transport)} does; with a {@code cluster}, it
   * first joins the other trackers of that cluster (which takes a few seconds), shares the registry
   * of live nodes with them and relays each search to the nodes of every tracker.
   *
   * @throws DiztlException when it cannot listen there or its cluster member cannot start
   */
  public static TrackerServer start(
      TrackerConfig config, Transport transport, Optional<ClusterConfig> cluster) {
    return start(config, transport, cluster, RoutingPolicy.DEFAULT);
  }

  /**
   * Starts a tracker as {@link #start(TrackerConfig, Transport, Optional)} does, routing searches
   * by the nodes' share summaries as {@code routing} says.
   *
   * @throws DiztlException when it cannot listen there or its cluster member cannot start
   */
  public static TrackerServer start(
      TrackerConfig config,
      Transport transport,
      Optional<ClusterConfig> cluster,
      RoutingPolicy routing) {
    return start(
        config, transport, Optional.empty(), new CompositeMeterRegistry(), cluster, routing);
  }

  /**
   * Starts a tracker with every choice made: a closed network when {@code key} is present, its
   * meters on {@code metrics}, a member of {@code cluster} when present, routing searches as {@code
   * routing} says.
   *
   * @throws DiztlException when it cannot listen there or its cluster member cannot start
   * @throws IllegalArgumentException when a key goes with a {@code transport} without a TLS
   *     identity
   */
  public static TrackerServer start(
      TrackerConfig config,
      Transport transport,
      Optional<NetworkKey> key,
      MeterRegistry metrics,
      Optional<ClusterConfig> cluster,
      RoutingPolicy routing) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(routing, "routing");
    if (key.isPresent() && transport.id().isEmpty()) {
      throw new IllegalArgumentException(
          "a network key needs TLS identities to bind its proofs to: it cannot go with plain text");
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("diztl-tracker-sweeper").daemon().factory());
    LongSupplier nanoClock = System::nanoTime;
    PeerRegistry registry =
        new PeerRegistry(
            config.nodeTtl(),
            nanoClock,
            // The relay never retries a node's call: it reports the node failed.
            node ->
                transport.channelWithoutRetry(
                    node.getHost(), node.getPort(), PeerPin.of(node.getNodeId())),
            config.limits(),
            // Without TLS a check proves no identity: plain text keeps the unchecked registry.
            transport.id().isPresent() ? node -> checkReachable(transport, node) : node -> {});
    Admission admission =
        key.<Admission>map(k -> new KeyAdmission(k, transport.id().orElseThrow(), nanoClock))
            .orElse(Admission.OPEN);
    Duration heartbeatInterval = Duration.ofMillis(Math.max(1, config.nodeTtl().toMillis() / 3));
    RoutingTable table = new RoutingTable(routing);
    RelayStreams streams = new RelayStreams(id -> registry.find(id).isPresent());
    // The nodes' answers are handled on the transport's threads: handing each to another thread
    // cost more than the little work it takes (the writes to the caller never block).
    OwnNodesSearch ownNodes =
        new OwnNodesSearch(
            registry,
            config.searchDeadline(),
            MoreExecutors.directExecutor(),
            nanoClock,
            DeadlineTimer.on(sweeper),
            config.limits(),
            Optional.of(table),
            streams);
    Clustering clustering;
    try {
      clustering = Clustering.start(cluster, config, transport, key, registry, ownNodes);
    } catch (RuntimeException e) {
      sweeper.shutdownNow();
      executor.shutdownNow();
      throw e;
    }
    // In a cluster the standing queries are the cluster's: they outlive this tracker.
    StandingQueryRelay standing =
        clustering
            .cluster()
            .map(member -> StandingQueryRelay.clustered(member, registry, executor))
            .orElseGet(
                () ->
                    StandingQueryRelay.start(
                        new StandingQueries(
                            Clock.systemUTC(),
                            StandingQueries.DEFAULT_MAX_PER_NODE,
                            StandingQueries.DEFAULT_MAX_TOTAL),
                        registry,
                        executor));
    TrackerGrpcService service =
        new TrackerGrpcService(
            registry,
            heartbeatInterval,
            config.searchDeadline(),
            executor,
            nanoClock,
            config.limits(),
            admission,
            clustering.network(),
            clustering.relay(),
            standing,
            table);
    TrackerMetrics meters = new TrackerMetrics(metrics, () -> registry.live().size());
    List<ServerServiceDefinition> services =
        new ArrayList<>(
            List.of(
                streams.serve(service.bindService()),
                new TrackerRoutingGrpcService(registry, table, clustering.network())
                    .bindService()));
    clustering
        .cluster()
        .ifPresent(
            member ->
                services.add(
                    new TrackerPeerGrpcService(ownNodes, member::isTracker).bindService()));
    Server server;
    try {
      server =
          transport.startServer(
              config.bindHost(),
              config.port(),
              executor,
              services,
              admission.closed()
                  ? List.of(
                      // Admitted: the nodes registered here and the cluster's other trackers.
                      new AdmissionGate(
                          caller ->
                              clustering
                                      .cluster()
                                      .map(member -> member.isTracker(caller))
                                      .orElse(false)
                                  || registry.live().stream()
                                      .anyMatch(node -> node.info().getNodeId().equals(caller))),
                      new RemoteAddressInterceptor(),
                      meters)
                  : List.of(new RemoteAddressInterceptor(), meters),
              // A relay stream's messages are handled where they arrive: an answer takes less work
              // than a hand-off to another thread, and nothing on that path blocks.
              Set.of(TrackerGrpc.getRelayMethod().getFullMethodName()));
    } catch (UncheckedIOException e) {
      meters.close();
      clustering.close();
      sweeper.shutdownNow();
      executor.shutdownNow();
      throw new DiztlException("tracker " + e.getMessage(), e);
    }
    clustering
        .cluster()
        .ifPresent(member -> member.publishTracker(server.getPort(), transport.id()));
    TrackerServer tracker =
        new TrackerServer(
            executor,
            sweeper,
            registry,
            clustering,
            table,
            server,
            transport.id(),
            admission.closed(),
            meters,
            streams);
    long period = Math.min(SWEEP_PERIOD.toMillis(), Math.max(10, config.nodeTtl().toMillis() / 2));
    sweeper.scheduleWithFixedDelay(tracker::sweep, period, period, TimeUnit.MILLISECONDS);
    LOG.info(
        "tracker {} listening on {}:{}{}",
        tracker.id.orElse("(plain text, no identity)"),
        config.bindHost(),
        tracker.port,
        admission.closed() ? " (closed network: nodes need the network key)" : "");
    return tracker;
  }

  /**
   * Refuses a node whose peer service does not answer at its address, or (over TLS) answers with
   * another identity, so that the tracker relays searches only to nodes proven to be there.
   */
  private static void checkReachable(Transport transport, NodeInfo node) {
    ManagedChannel channel =
        transport.channel(node.getHost(), node.getPort(), PeerPin.of(node.getNodeId()));
    try {
      Transport.probe(channel, REACHABILITY_DEADLINE);
    } catch (StatusRuntimeException e) {
      throw new DiztlException(
          ErrorKind.FAILED_PRECONDITION,
          "the tracker cannot reach node "
              + node.getNodeId()
              + " at "
              + node.getHost()
              + ":"
              + node.getPort()
              + " ("
              + Transport.describe(e)
              + "): its peer port must be reachable from the tracker (see --advertise)");
    } finally {
      Transport.close(channel);
    }
  }

  /**
   * The tracker's identity, the fingerprint nodes pin ({@code HOST:PORT#FINGERPRINT}); empty over
   * plain text.
   */
  public Optional<String> id() {
    return id;
  }

  /** Whether only nodes that prove the network key may join. */
  public boolean closedNetwork() {
    return closedNetwork;
  }

  /** The port it listens on; the one picked when the configuration asked for port 0. */
  public int port() {
    return port;
  }

  /** How many nodes the whole network has live: this tracker's and, in a cluster, the others'. */
  public int networkSize() {
    return clustering.network().size();
  }

  /** Whether it routes searches by share summaries now (else it asks every node each search). */
  public boolean routing() {
    return routing.routing();
  }

  /** How many of its nodes hold a relay stream open, on which they are sent its searches. */
  public int relayStreams() {
    return streams.size();
  }

  /** How many trackers form its cluster, itself included: 1 without a cluster. */
  public int clusterSize() {
    return clustering.cluster().map(HazelcastCluster::size).orElse(1);
  }

  /**
   * Stops the server, leaves the cluster, stops the expiry sweeper and every channel to the nodes,
   * waiting a bounded time.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sweeper.shutdownNow();
    streams.close();
    Transport.close(server);
    clustering.close();
    registry.close();
    meters.close();
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
      Set<String> live =
          registry.live().stream().map(node -> node.info().getNodeId()).collect(toSet());
      routing.retain(live);
      streams.retain(live);
      routing.update(clustering.network().size());
    } catch (RuntimeException e) {
      LOG.warn("expiring silent nodes failed; will retry", e);
    }
  }
}
