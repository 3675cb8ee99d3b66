package io.diztl.node;

import io.diztl.api.DiztlException;
import io.diztl.api.ui.NodeEvent;
import io.diztl.api.ui.PeerInfo;
import io.diztl.index.IndexConfig;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.Closer;
import io.diztl.node.internal.ControlFile;
import io.diztl.node.internal.ControlGrpcService;
import io.diztl.node.internal.ControlToken;
import io.diztl.node.internal.DataFolder;
import io.diztl.node.internal.DefaultNodeFacade;
import io.diztl.node.internal.DefaultPeerClient;
import io.diztl.node.internal.Downloader;
import io.diztl.node.internal.Fetcher;
import io.diztl.node.internal.FileServer;
import io.diztl.node.internal.IndexUpdater;
import io.diztl.node.internal.NodeDirectory;
import io.diztl.node.internal.NodeEvents;
import io.diztl.node.internal.NodeService;
import io.diztl.node.internal.PeerChannels;
import io.diztl.node.internal.PeerGrpcService;
import io.diztl.node.internal.PluginChanges;
import io.diztl.node.internal.PluginMetadataSource;
import io.diztl.node.internal.PreviewServer;
import io.diztl.node.internal.PrivateFolders;
import io.diztl.node.internal.SummaryPublisher;
import io.diztl.node.internal.TrackerAddress;
import io.diztl.node.internal.TrackerFailover;
import io.diztl.node.internal.TrackerLink;
import io.diztl.node.internal.transfer.DownloadManager;
import io.diztl.pluginhost.PluginHost;
import io.diztl.pluginhost.PluginHostConfig;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.watcher.ShareWatcher;
import io.grpc.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: its share folder indexed and watched, its peer service serving searches and
 * downloads, its control API on 127.0.0.1 and its link to the tracker. One node at a time may use a
 * data folder.
 */
public final class Node implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  /** How long the watcher waits for a file to stay unchanged before it reports it. */
  private static final Duration QUIET_PERIOD = Duration.ofMillis(200);

  /** The folder of the data folder where previews are kept, by content hash. */
  private static final String PREVIEWS_FOLDER = "previews";

  private static final Set<String> ANY_ADDRESS = Set.of("", "0.0.0.0", "::", "[::]");

  private final String id;
  private final int port;
  private final int controlPort;
  private final ShareIndex index;
  private final TrackerFailover tracker;
  private final PluginHost plugins;
  private final Closer closer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Node(
      String id,
      int port,
      int controlPort,
      ShareIndex index,
      TrackerFailover tracker,
      PluginHost plugins,
      Closer closer) {
    this.id = id;
    this.port = port;
    this.controlPort = controlPort;
    this.index = index;
    this.tracker = tracker;
    this.plugins = plugins;
    this.closer = closer;
  }

  /**
   * Starts a node: locks its data folder, loads its plugins, opens and reconciles its index, starts
   * the watcher, serves, registers with the tracker in the background (a tracker that is down does
   * not stop the node from starting), and starts the plugins' user interfaces. Broken plugins do
   * not stop the node from starting either.
   *
   * @throws DiztlException when the node cannot start, such as when another node uses the data
   *     folder
   */
  public static Node start(NodeConfig config) {
    Objects.requireNonNull(config, "config");
    List<TrackerAddress> trackerAddresses = TrackerAddress.parseList(config.tracker());
    createFolder(config.shareDir(), "share");
    createFolder(config.downloadsDir(), "downloads");
    createPrivateFolder(config.dataDir(), "data");
    Closer closer = new Closer();
    try {
      return start(config, trackerAddresses, closer);
    } catch (RuntimeException e) {
      closer.close();
      throw e;
    }
  }

  private static Node start(
      NodeConfig config, List<TrackerAddress> trackerAddresses, Closer closer) {
    Path dataDir = config.dataDir();
    DataFolder data = closer.add("data folder lock", DataFolder.open(dataDir));
    String id = data.nodeId();
    Transport transport;
    if (config.insecure()) {
      LOG.warn(
          "node {} runs with --insecure: plain text without TLS, so anyone on the network can"
              + " read its traffic and impersonate nodes and the tracker",
          id);
      transport = Transport.plaintext();
    } else {
      transport = Transport.tls(data.identity());
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    closer.add("executor", () -> shutdown(executor));
    NodeEvents events = closer.add("events", new NodeEvents());
    // Plugins first: the index extracts metadata with them from its first scan on.
    PluginHost plugins =
        closer.add(
            "plugins",
            PluginHost.start(
                config.pluginsDir(),
                dataDir.resolve("plugins-expanded"),
                PluginHostConfig.defaults().withExtractionTimeLimit(config.extractionTimeLimit())));
    List<Path> excluded = dataDir.startsWith(config.shareDir()) ? List.of(dataDir) : List.of();
    createPrivateFolder(dataDir.resolve("index"), "index");
    ShareIndex index =
        closer.add(
            "index",
            ShareIndex.open(
                new IndexConfig(config.shareDir(), dataDir.resolve("index"), excluded),
                new PluginMetadataSource(plugins)));
    plugins.addListener(
        closer.add("plugin changes", new PluginChanges(plugins, index, events, executor)));
    closer.add(
        "watcher",
        ShareWatcher.start(
            config.shareDir(), QUIET_PERIOD, new IndexUpdater(index, excluded, events)));
    // The watcher started first, so nothing that changes during the scan is missed.
    index.reconcile();

    PreviewServer previews =
        new PreviewServer(index, plugins::preview, dataDir.resolve(PREVIEWS_FOLDER));
    PeerChannels peers = closer.add("peer channels", new PeerChannels(transport));
    PeerGrpcService peerService =
        closer.add("peer service", new PeerGrpcService(index, new FileServer(index), previews));
    Server peerServer =
        startServer(
            transport,
            config.bindHost(),
            config.port(),
            executor,
            peerService.bindService(),
            List.of());
    closer.add("peer server", () -> Transport.close(peerServer));
    NodeInfo self =
        NodeInfo.newBuilder()
            .setNodeId(id)
            .setHost(config.advertiseHost())
            .setPort(peerServer.getPort())
            .setName(hostName())
            .build();
    TrackerFailover tracker =
        closer.add(
            "tracker link",
            TrackerFailover.start(
                trackerAddresses,
                address -> TrackerLink.start(address, self, transport, dataDir, executor)));
    closer.add("share summary", SummaryPublisher.start(index, tracker));
    tracker.onConnectivityChange(
        (address, up) ->
            events.publish(
                NodeEvent.Kind.TRACKER,
                address.toString(),
                "tracker " + address + (up ? " connected" : " unreachable")));

    String token = ControlToken.generate();
    DefaultPeerClient peerClient = new DefaultPeerClient(peers);
    NodeDirectory nodes =
        new NodeDirectory(
            new PeerInfo(
                id, self.getName(), reachableHost(config.bindHost()), self.getPort(), true),
            tracker);
    DownloadManager downloads =
        closer.add(
            "downloads",
            new DownloadManager(
                new Fetcher(nodes, peerClient, new Downloader(dataDir.resolve("partial"))),
                executor,
                Clock.systemUTC(),
                events,
                DownloadManager.DEFAULT_RUNNING));
    NodeService service =
        new NodeService(
            config, nodes, index, tracker, peerClient, downloads, plugins, events, previews);
    // The control API stays on loopback in plain text: its token guards it.
    Server controlServer =
        startServer(
            Transport.plaintext(),
            "127.0.0.1",
            0,
            executor,
            new ControlGrpcService(service).bindService(),
            List.of(ControlToken.serverInterceptor(token)));
    closer.add("control server", () -> Transport.close(controlServer));
    new ControlFile(controlServer.getPort(), token, id, ProcessHandle.current().pid())
        .write(dataDir);
    closer.add("control file", () -> ControlFile.delete(dataDir));
    plugins.startUis(new DefaultNodeFacade(service));
    closer.add("user interfaces", plugins::stopUis);

    LOG.info(
        "node {} sharing {} ({} files) on port {}, trackers {}, plugins {}",
        id,
        config.shareDir(),
        index.stats().files(),
        peerServer.getPort(),
        trackerAddresses,
        config.pluginsDir());
    return new Node(
        id, peerServer.getPort(), controlServer.getPort(), index, tracker, plugins, closer);
  }

  private static Server startServer(
      Transport transport,
      String host,
      int port,
      ExecutorService executor,
      io.grpc.ServerServiceDefinition service,
      List<io.grpc.ServerInterceptor> interceptors) {
    try {
      return transport.startServer(host, port, executor, List.of(service), interceptors);
    } catch (UncheckedIOException e) {
      throw new DiztlException(e.getMessage(), e);
    }
  }

  private static void createFolder(Path dir, String role) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new DiztlException("cannot create the " + role + " folder " + dir + ": " + e, e);
    }
  }

  private static void createPrivateFolder(Path dir, String role) {
    try {
      PrivateFolders.ensure(dir);
    } catch (IOException e) {
      throw new DiztlException("cannot create the " + role + " folder " + dir + ": " + e, e);
    }
  }

  private static void shutdown(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
  }

  /** The host this node's own peer service is reached at from here. */
  private static String reachableHost(String bindHost) {
    return ANY_ADDRESS.contains(bindHost) ? "127.0.0.1" : bindHost;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return Objects.requireNonNullElse(System.getenv("HOSTNAME"), "diztl-node");
    }
  }

  /**
   * The node's id: the {@link io.diztl.proto.Fingerprint} of the certificate kept in its data
   * folder, 27 lower-case base32 characters.
   */
  public String id() {
    return id;
  }

  /** The peer service port. */
  public int port() {
    return port;
  }

  /** The control service port (on 127.0.0.1). */
  public int controlPort() {
    return controlPort;
  }

  /**
   * Fresh login addresses of the node's running user interfaces that offer one, such as a web UI;
   * empty when none does.
   */
  public List<String> uiLinks() {
    return plugins.uiLinks();
  }

  /** Whether the last registration or heartbeat reached the tracker. */
  public boolean trackerConnected() {
    return tracker.connected();
  }

  /**
   * Waits until the index has hashed every file and every change so far is searchable; meant for
   * tests and benchmarks.
   *
   * @return true when idle, false when {@code timeout} passed first
   */
  public boolean awaitIndexIdle(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return index.awaitIdle(timeout);
  }

  /**
   * Unregisters from the tracker and stops serving, watching and indexing, each with a bounded
   * wait; releases the data folder. Idempotent; never throws.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closer.close();
      LOG.info("node {} stopped", id);
    }
  }
}
