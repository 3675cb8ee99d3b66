package io.diztl.launcher;

import io.diztl.metrics.MetricsServer;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.tracker.ClusterConfig;
import io.diztl.tracker.RoutingPolicy;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerLimits;
import io.diztl.tracker.TrackerServer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code diztl tracker}: runs a tracker until stopped. */
@Command(
    name = "tracker",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs a tracker: the registry of live nodes, which relays each search to all of them.",
      "Files never pass through it. Prints the HOST:PORT#FINGERPRINT nodes join it with.",
      "Stops on Ctrl-C or SIGTERM."
    })
final class TrackerCommand implements Callable<Integer> {

  private static final Set<String> ANY_ADDRESS = Set.of("0.0.0.0", "::", "[::]");

  @Spec private CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + TrackerConfig.DEFAULT_PORT,
      converter = Converters.Port.class,
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--bind",
      paramLabel = "HOST",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, all interfaces).")
  private String bind;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Folder for the tracker's identity (key and certificate) (default: ~/.diztl-tracker).")
  private Path data;

  @Option(
      names = "--max-nodes",
      paramLabel = "N",
      defaultValue = "" + TrackerLimits.DEFAULT_MAX_NODES,
      description = "Most nodes registered at once (default: ${DEFAULT-VALUE}).")
  private int maxNodes;

  @Option(
      names = "--max-nodes-per-address",
      paramLabel = "N",
      defaultValue = "" + TrackerLimits.DEFAULT_MAX_NODES_PER_ADDRESS,
      description =
          "Most nodes registered at once from one IP address, such as one NAT (default:"
              + " ${DEFAULT-VALUE}).")
  private int maxNodesPerAddress;

  @Option(
      names = "--cluster",
      paramLabel = "HOST:PORT[#FINGERPRINT][,...]",
      description = {
        "Join the trackers listed (their cluster ports, this tracker's own"
            + " among them or not) into one cluster: they share the registry of live"
            + " nodes and each search reaches the nodes of every tracker. Cluster"
            + " traffic is mutual TLS and admits only the trackers pinned with"
            + " #FINGERPRINT (a tracker's identity) or proving --network-key-file;"
            + " one of the two is needed (see the README, \"Running several"
            + " trackers\")."
      })
  private String cluster;

  @Option(
      names = "--cluster-port",
      paramLabel = "PORT",
      defaultValue = "" + ClusterConfig.DEFAULT_PORT,
      converter = Converters.Port.class,
      description = "Port of this tracker's cluster member, on --bind (default: ${DEFAULT-VALUE}).")
  private int clusterPort;

  @Option(
      names = "--cluster-name",
      paramLabel = "NAME",
      defaultValue = ClusterConfig.DEFAULT_NAME,
      description =
          "Name of the cluster; trackers of another name never join (default: ${DEFAULT-VALUE}).")
  private String clusterName;

  @Option(
      names = "--route-above",
      paramLabel = "N",
      defaultValue = "" + RoutingPolicy.DEFAULT_ABOVE,
      description = {
        "From this many live nodes in the network on, send each search only to"
            + " the nodes whose share summary may match it (default:"
            + " ${DEFAULT-VALUE}); below, to every node."
      })
  private int routeAbove;

  @Option(
      names = "--insecure",
      description =
          "Serve in plain text, without TLS or identities (anyone on the network can then"
              + " impersonate nodes); nodes must run with --insecure too.")
  private boolean insecure;

  // Closed networks and LAN discovery.

  @Option(
      names = "--network-key-file",
      paramLabel = "FILE",
      description = {
        "Run a closed network: admit only nodes that prove this key (from diztl"
            + " key new) when they register (default: none, an open network)."
      })
  private Path networkKeyFile;

  @Option(
      names = "--no-discovery",
      description = "Do not announce the tracker on the local network (UDP beacons, port 7400).")
  private boolean noDiscovery;

  @Mixin private MetricsOptions metricsOptions = new MetricsOptions();

  @Override
  public Integer call() throws InterruptedException {
    if (insecure) {
      Insecure.warn(spec.commandLine().getErr());
    }
    Path dataDir = data != null ? data : Path.of(System.getProperty("user.home"), ".diztl-tracker");
    Optional<NetworkKey> key =
        NetworkKeyFile.read(networkKeyFile, insecure, spec.commandLine().getErr());
    TrackerConfig config =
        new TrackerConfig(
            bind,
            port,
            TrackerConfig.DEFAULT_NODE_TTL,
            TrackerConfig.DEFAULT_SEARCH_DEADLINE,
            limits());
    Transport transport = Insecure.transport(insecure, dataDir);
    Optional<MetricsServer> metrics = metricsOptions.start(spec);
    TrackerServer tracker;
    try {
      tracker =
          TrackerServer.start(
              config,
              transport,
              key,
              metrics.map(MetricsServer::registry).orElseGet(CompositeMeterRegistry::new),
              clusterConfig(),
              routingPolicy());
    } catch (RuntimeException e) {
      metrics.ifPresent(MetricsServer::close);
      throw e;
    }
    List<AutoCloseable> services = new ArrayList<>(List.of(tracker));
    metrics.ifPresent(services::add);
    if (Discovery.enabled(noDiscovery, insecure, bind)) {
      Discovery.announce(tracker, bind, spec.commandLine().getErr()).ifPresent(services::add);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("diztl tracker listening on " + Converters.address(bind, tracker.port()));
    String joinHost = ANY_ADDRESS.contains(bind) ? hostName() : bind;
    String join = Converters.address(joinHost, tracker.port());
    out.println("  identity   " + tracker.id().orElse("none (--insecure: plain text)"));
    out.println(
        "  join with  diztl node --tracker "
            + join
            + tracker.id().map(id -> "#" + id).orElse(" --insecure"));
    if (networkKeyFile != null) {
      out.println(
          "  network    closed: nodes also need --network-key-file with a copy of "
              + networkKeyFile);
    }
    metrics.ifPresent(server -> out.println("  metrics    " + server.url()));
    out.println(
        "  searches   to every node below "
            + routeAbove
            + " live nodes, from then on only to nodes whose share summary may match");
    if (tracker.clusterSize() > 1 || cluster != null) {
      out.println(
          "  cluster    "
              + tracker.clusterSize()
              + " trackers, "
              + tracker.networkSize()
              + " nodes, member on port "
              + clusterPort);
    }
    out.flush();
    UntilShutdown.await(services);
    return 0;
  }

  private RoutingPolicy routingPolicy() {
    if (routeAbove < 1) {
      throw new ParameterException(
          spec.commandLine(), "--route-above must be at least 1, found " + routeAbove);
    }
    return new RoutingPolicy(routeAbove);
  }

  private Optional<ClusterConfig> clusterConfig() {
    if (cluster == null || cluster.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ClusterConfig.parse(clusterPort, cluster, clusterName));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--cluster: " + e.getMessage());
    }
  }

  private TrackerLimits limits() {
    for (var option :
        List.of(
            Map.entry("--max-nodes", maxNodes),
            Map.entry("--max-nodes-per-address", maxNodesPerAddress))) {
      if (option.getValue() < 1) {
        throw new ParameterException(
            spec.commandLine(),
            option.getKey() + " must be at least 1, found " + option.getValue());
      }
    }
    return new TrackerLimits(
        maxNodes,
        maxNodesPerAddress,
        TrackerLimits.DEFAULT_MAX_SEARCHES_PER_CALLER,
        TrackerLimits.DEFAULT_SLOW_AFTER_TIMEOUTS);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "HOST";
    }
  }
}
