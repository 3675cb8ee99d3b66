package io.diztl.launcher;

import io.diztl.api.ui.UiSettings;
import io.diztl.metrics.MetricsServer;
import io.diztl.node.Node;
import io.diztl.node.NodeConfig;
import io.diztl.node.TransferLimits;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.tracker.TrackerConfig;
import io.diztl.tracker.TrackerServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code diztl node}: runs a node, and a tracker with it unless one is given, until stopped. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs a node: shares a folder, answers searches and serves its files to other nodes.",
      "Without --tracker it also runs a tracker in the same process and joins it.",
      "Stops on Ctrl-C or SIGTERM."
    })
final class NodeCommand implements Callable<Integer> {

  private static final Set<String> ANY_ADDRESS = Set.of("0.0.0.0", "::", "[::]");

  @Spec private CommandSpec spec;

  @Option(
      names = "--tracker",
      paramLabel = "HOST:PORT[#FINGERPRINT][,...]",
      converter = Converters.TrackerAddress.class,
      description = {
        "The tracker to join (default: run one here, on --tracker-port). With"
            + " #FINGERPRINT, as the tracker prints it, the node accepts only that"
            + " tracker; without, it learns the tracker's identity on first contact"
            + " and refuses any other later. Several trackers of one cluster,"
            + " comma-separated: the node uses the first and moves to the next when"
            + " its tracker stops answering."
      })
  private String tracker;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + NodeConfig.DEFAULT_PORT,
      converter = Converters.Port.class,
      description =
          "Port other nodes fetch files from; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--share",
      paramLabel = "DIR",
      description = "Folder to share (default: ~/Documents/diztl/share).")
  private Path share;

  @Option(
      names = "--downloads",
      paramLabel = "DIR",
      description = "Where downloads go (default: SHARE/output).")
  private Path downloads;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Folder for the node's identity (key and certificate), index and control token"
              + " (default: ~/.diztl).")
  private Path data;

  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      description =
          "Plugins folder, watched while the node runs (default: plugins/ of the distribution,"
              + " else DATA/plugins).")
  private Path plugins;

  @Option(
      names = "--bind",
      paramLabel = "HOST",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, all interfaces).")
  private String bind;

  @Option(
      names = "--advertise",
      paramLabel = "HOST",
      defaultValue = "",
      description = "Host other nodes reach this one at (default: the address the tracker sees).")
  private String advertise;

  @Option(
      names = "--tracker-port",
      paramLabel = "PORT",
      defaultValue = "" + TrackerConfig.DEFAULT_PORT,
      converter = Converters.Port.class,
      description =
          "Port of the tracker run here when --tracker is not given (default: ${DEFAULT-VALUE}).")
  private int trackerPort;

  @Option(
      names = "--ui-port",
      paramLabel = "PORT",
      defaultValue = "" + UiSettings.DEFAULT_PORT,
      converter = Converters.Port.class,
      description = "Port of the web UI; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int uiPort;

  @Option(
      names = "--ui-bind",
      paramLabel = "HOST",
      defaultValue = UiSettings.DEFAULT_BIND,
      description =
          "Address the web UI listens on (default: ${DEFAULT-VALUE}, this machine only); beyond"
              + " loopback it needs --ui-password-file.")
  private String uiBind;

  @Option(
      names = "--ui-password-file",
      paramLabel = "FILE",
      description = "File holding the password the web UI asks for (default: none).")
  private Path uiPasswordFile;

  @Option(names = "--no-ui", description = "Start no web UI.")
  private boolean noUi;

  @Option(
      names = "--upload-slots",
      paramLabel = "N",
      defaultValue = "" + TransferLimits.DEFAULT_UPLOAD_SLOTS,
      description = {
        "Files sent to other nodes at once (default: ${DEFAULT-VALUE}); nodes"
            + " asking beyond wait in a queue, are told their place and ask again by"
            + " themselves."
      })
  private int uploadSlots;

  @Option(
      names = "--max-upload",
      paramLabel = "SIZE",
      defaultValue = "0",
      converter = Converters.Size.class,
      description =
          "Most bytes per second sent to all nodes together, such as 20M or 512K (default: 0, no"
              + " limit).")
  private long maxUpload;

  @Option(
      names = "--max-upload-per-peer",
      paramLabel = "SIZE",
      defaultValue = "0",
      converter = Converters.Size.class,
      description = "Most bytes per second sent to any one node (default: 0, no limit).")
  private long maxUploadPerPeer;

  @Option(
      names = "--max-download",
      paramLabel = "SIZE",
      defaultValue = "0",
      converter = Converters.Size.class,
      description =
          "Most bytes per second received from all nodes together (default: 0, no limit).")
  private long maxDownload;

  @Option(
      names = "--max-downloads",
      paramLabel = "N",
      defaultValue = "" + TransferLimits.DEFAULT_MAX_DOWNLOADS,
      description = {
        "Downloads run at once (default: ${DEFAULT-VALUE}); the others wait in"
            + " the node's queue, which survives restarts."
      })
  private int maxDownloads;

  @Option(
      names = "--streams-per-source",
      paramLabel = "N",
      defaultValue = "" + TransferLimits.DEFAULT_STREAMS_PER_SOURCE,
      description = {
        "Streams a download of a large file runs at once from each node that has it (default:"
            + " ${DEFAULT-VALUE}), each over a connection of its own, so that more than one core"
            + " works."
      })
  private int streamsPerSource;

  @Option(
      names = "--insecure",
      description =
          "Talk to the tracker and other nodes in plain text, without TLS or identities (anyone"
              + " on the network can then impersonate nodes); the tracker must run so too.")
  private boolean insecure;

  // Closed networks and LAN discovery.

  @Option(
      names = "--network-key-file",
      paramLabel = "FILE",
      description = {
        "Join only a closed network: the node proves this key (from diztl key"
            + " new) to its tracker, joins only a tracker that proves it back, and"
            + " serves only nodes the tracker admitted. The tracker run here without"
            + " --tracker uses it too (default: none, an open network)."
      })
  private Path networkKeyFile;

  @Option(
      names = "--no-discovery",
      description =
          "Without --tracker, do not look for a tracker on the local network first, and do not"
              + " announce the one run here.")
  private boolean noDiscovery;

  @Mixin private MetricsOptions metricsOptions = new MetricsOptions();

  @Override
  public Integer call() throws InterruptedException {
    if (tracker != null && spec.commandLine().getParseResult().hasMatchedOption("--tracker-port")) {
      throw new ParameterException(
          spec.commandLine(),
          "--tracker-port is for the tracker run here, so it cannot go with --tracker");
    }
    TransferLimits limits = transferLimits();
    Path shareDir = share != null ? share : NodeConfig.defaultShareDir();
    Path downloadsDir = downloads != null ? downloads : shareDir.resolve("output");
    Path dataDir = data != null ? data : NodeConfig.defaultDataDir();

    if (insecure) {
      Insecure.warn(spec.commandLine().getErr());
    }
    Optional<NetworkKey> key =
        NetworkKeyFile.read(networkKeyFile, insecure, spec.commandLine().getErr());
    boolean discovery = tracker == null && Discovery.enabled(noDiscovery, insecure, bind);
    Optional<MetricsServer> metrics = metricsOptions.start(spec);
    try {
      return run(shareDir, downloadsDir, dataDir, limits, key, discovery, metrics);
    } catch (RuntimeException e) {
      metrics.ifPresent(MetricsServer::close);
      throw e;
    }
  }

  private int run(
      Path shareDir,
      Path downloadsDir,
      Path dataDir,
      TransferLimits limits,
      Optional<NetworkKey> key,
      boolean discovery,
      Optional<MetricsServer> metrics)
      throws InterruptedException {
    // The node and the tracker run here share one listener: one process, one scrape.
    MeterRegistry registry =
        metrics.map(MetricsServer::registry).orElseGet(CompositeMeterRegistry::new);
    TrackerServer embedded = null;
    String trackerAddress =
        discovery
            ? Discovery.findTracker(key.isPresent(), spec.commandLine().getErr()).orElse(tracker)
            : tracker;
    List<AutoCloseable> services = new ArrayList<>();
    if (trackerAddress == null) {
      // The embedded tracker keeps its identity beside the node's; the node pins it.
      TrackerConfig trackerConfig =
          new TrackerConfig(
              bind,
              trackerPort,
              TrackerConfig.DEFAULT_NODE_TTL,
              TrackerConfig.DEFAULT_SEARCH_DEADLINE);
      Transport trackerTransport = Insecure.transport(insecure, dataDir.resolve("tracker"));
      embedded = TrackerServer.start(trackerConfig, trackerTransport, key, registry);
      services.add(embedded);
      if (discovery) {
        Discovery.announce(embedded, bind, spec.commandLine().getErr()).ifPresent(services::add);
      }
      trackerAddress =
          Converters.address(ANY_ADDRESS.contains(bind) ? "127.0.0.1" : bind, embedded.port())
              + embedded.id().map(id -> "#" + id).orElse("");
    }
    NodeConfig config =
        new NodeConfig(
                shareDir,
                downloadsDir,
                dataDir,
                bind,
                port,
                advertise,
                trackerAddress,
                embedded != null)
            .withPluginsDir(plugins != null ? plugins : distributionPlugins())
            .withUi(uiBind, uiPort, uiPasswordFile, !noUi)
            .withInsecure(insecure)
            .withTransferLimits(limits);
    Node node;
    try {
      node = Node.start(config, key, registry);
    } catch (RuntimeException e) {
      UntilShutdown.closeAll(services, UntilShutdown.CLOSE_BOUND);
      throw e;
    }
    printBanner(node, config, trackerAddress, embedded, metrics);
    services.add(0, node);
    metrics.ifPresent(services::add);
    UntilShutdown.await(services);
    return 0;
  }

  /** The upload slots and bandwidth limits as the banner shows them. */
  private static String uploads(TransferLimits limits) {
    return limits.uploadSlots()
        + " at once, "
        + rate(limits.maxUpload())
        + " in all, "
        + rate(limits.maxUploadPerPeer())
        + " per node; downloads "
        + rate(limits.maxDownload())
        + ", "
        + limits.maxDownloads()
        + " at once";
  }

  private static String rate(long bytesPerSecond) {
    return bytesPerSecond == 0 ? "unlimited" : Sizes.format(bytesPerSecond) + "/s";
  }

  private TransferLimits transferLimits() {
    try {
      return new TransferLimits(
          uploadSlots, maxUpload, maxUploadPerPeer, maxDownload, maxDownloads, streamsPerSource);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** The distribution's {@code plugins/} folder, or null outside a distribution. */
  private static Path distributionPlugins() {
    String home = System.getProperty(ConfiguredDefaults.HOME_PROPERTY);
    if (home == null) {
      return null;
    }
    Path dir = Path.of(home, "plugins");
    return Files.isDirectory(dir) ? dir : null;
  }

  private void printBanner(
      Node node,
      NodeConfig config,
      String trackerAddress,
      TrackerServer embedded,
      Optional<MetricsServer> metrics) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "diztl node "
            + node.id()
            + " is up"
            + (insecure ? " (--insecure: plain text)" : "")
            + (networkKeyFile != null ? " (closed network: key " + networkKeyFile + ")" : ""));
    out.println("  share      " + config.shareDir());
    out.println("  downloads  " + config.downloadsDir());
    out.println("  peer port  " + node.port());
    out.println("  plugins    " + config.pluginsDir());
    out.println("  uploads    " + uploads(config.transferLimits()));
    out.println(
        "  tracker    "
            + trackerAddress
            + (embedded == null
                ? ""
                : " (run here, listening on " + Converters.address(bind, embedded.port()) + ")"));
    metrics.ifPresent(server -> out.println("  metrics    " + server.url()));
    node.uiLinks().forEach(url -> out.println("web UI: " + url));
    out.println("search with: diztl search QUERY" + (data == null ? "" : " --data " + data));
    out.flush();
  }
}
