package io.diztl.node;

import io.diztl.api.DiztlException;
import io.diztl.api.ui.NodeEvent;
import io.diztl.api.ui.PeerInfo;
import io.diztl.index.IndexConfig;
import io.diztl.index.ShareIndex;
import io.diztl.node.internal.AdmittedCallers;
import io.diztl.node.internal.Closer;
import io.diztl.node.internal.ControlFile;
import io.diztl.node.internal.ControlGrpcService;
import io.diztl.node.internal.ControlToken;
import io.diztl.node.internal.DataFolder;
import io.diztl.node.internal.DefaultNodeFacade;
import io.diztl.node.internal.DefaultPeerClient;
import io.diztl.node.internal.HashSources;
import io.diztl.node.internal.IndexUpdater;
import io.diztl.node.internal.NodeDirectory;
import io.diztl.node.internal.NodeEvents;
import io.diztl.node.internal.NodeMetrics;
import io.diztl.node.internal.NodeService;
import io.diztl.node.internal.PeerChannels;
import io.diztl.node.internal.PeerGrpcService;
import io.diztl.node.internal.PluginChanges;
import io.diztl.node.internal.PluginMetadataSource;
import io.diztl.node.internal.PrivateFolders;
import io.diztl.node.internal.fetch.Downloader;
import io.diztl.node.internal.fetch.Fetcher;
import io.diztl.node.internal.fetch.PieceRecordSweeper;
import io.diztl.node.internal.fetch.SwarmFetcher;
import io.diztl.node.internal.serve.FileServer;
import io.diztl.node.internal.serve.PreviewServer;
import io.diztl.node.internal.tracker.SummaryPublisher;
import io.diztl.node.internal.tracker.TrackerAddress;
import io.diztl.node.internal.tracker.TrackerFailover;
import io.diztl.node.internal.tracker.TrackerLink;
import io.diztl.node.internal.transfer.DownloadManager;
import io.diztl.node.internal.transfer.DownloadStore;
import io.diztl.node.internal.transfer.RetryTimer;
import io.diztl.node.internal.transfer.limit.TransferLimiter;
import io.diztl.node.internal.watch.HeldStandingQueries;
import io.diztl.node.internal.watch.OwnWatches;
import io.diztl.node.internal.watch.StandingPeerCalls;
import io.diztl.node.internal.watch.WatchStore;
import io.diztl.pluginhost.PluginHost;
import io.diztl.pluginhost.PluginHostConfig;
import io.diztl.proto.GrpcWebServer;
import io.diztl.proto.NetworkKey;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.watcher.QuietPeriod;
import io.diztl.watcher.ShareWatcher;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: its share folder indexed and watched, its peer service serving searches and
 * downloads, its control API on 127.0.0.1 and its link to the tracker. One node at a time may use a
 * data folder.
 */
public final class Node implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  /**
   * How long the watcher waits for a file to stay unchanged before it reports it: 30 ms for a file
   * written at once, up to 200 ms for one written over a while or still empty (see {@link
   * QuietPeriod}).
   */
  private static final QuietPeriod QUIET_PERIOD =
      new QuietPeriod(Duration.ofMillis(30), Duration.ofMillis(200));

  /** How long the start waits for the scan of the share before it serves anyway. */
  private static final Duration SCAN_WAIT = Duration.ofSeconds(1);

  /** The folder of the data folder where previews are kept, by content hash. */
  private static final String PREVIEWS_FOLDER = "previews";

  /** How long after the start the piece hashes of content no longer shared are first looked for. */
  private static final Duration PIECE_SWEEP_DELAY = Duration.ofMinutes(10);

  /**
   * How long a download waits for the hash search that finds the other sources of a content; the
   * search ends as soon as every node answered, so this bounds only a slow tracker or network.
   */
  private static final Duration SOURCE_SEARCH_DEADLINE = Duration.ofSeconds(10);

  private static final Set<String> ANY_ADDRESS = Set.of("", "0.0.0.0", "::", "[::]");

  private final String id;
  private final int port;
  private final int controlPort;
  private final ShareIndex index;
  private final TrackerFailover tracker;
  private final PluginHost plugins;
  private final HeldStandingQueries held;
  private final Closer closer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private FileServer files;

  private Node(
      String id,
      int port,
      int controlPort,
      ShareIndex index,
      TrackerFailover tracker,
      PluginHost plugins,
      HeldStandingQueries held,
      Closer closer) {
    this.id = id;
    this.port = port;
    this.controlPort = controlPort;
    this.index = index;
    this.tracker = tracker;
    this.plugins = plugins;
    this.held = held;
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
    return start(config, Optional.empty(), new CompositeMeterRegistry());
  }

  /**
   * Starts a node of a closed network: it proves {@code networkKey} to its tracker at each
   * registration, joins only a tracker that proves the key too, and serves its peer port only to
   * its tracker and the nodes that tracker admitted. See {@link #start(NodeConfig)}.
   *
   * @throws DiztlException when the node cannot start, or {@code config} is plain text (a key needs
   *     TLS identities)
   */
  public static Node start(NodeConfig config, NetworkKey networkKey) {
    return start(
        config,
        Optional.of(Objects.requireNonNull(networkKey, "networkKey")),
        new CompositeMeterRegistry());
  }

  /**
   * Starts a node as {@link #start(NodeConfig)} does, with its meters ({@code diztl.*}) on {@code
   * metrics}, such as the registry of a {@link io.diztl.metrics.MetricsServer}; they are removed
   * when the node closes.
   *
   * @throws DiztlException when the node cannot start
   */
  public static Node start(NodeConfig config, MeterRegistry metrics) {
    return start(config, Optional.empty(), metrics);
  }

  /**
   * Starts a node as {@link #start(NodeConfig)} does, of a closed network when {@code networkKey}
   * is present (see {@link #start(NodeConfig, NetworkKey)}), with its meters on {@code metrics}.
   *
   * @throws DiztlException when the node cannot start, or a key goes with a plain-text {@code
   *     config}
   */
  public static Node start(
      NodeConfig config, Optional<NetworkKey> networkKey, MeterRegistry metrics) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(networkKey, "networkKey");
    Objects.requireNonNull(metrics, "metrics");
    if (networkKey.isPresent() && config.insecure()) {
      throw new DiztlException(
          "a network key needs TLS identities to bind its proofs to: it cannot go with --insecure");
    }
    List<TrackerAddress> trackerAddresses = TrackerAddress.parseList(config.tracker());
    createFolder(config.shareDir(), "share");
    createFolder(config.downloadsDir(), "downloads");
    createPrivateFolder(config.dataDir(), "data");
    Closer closer = new Closer();
    try {
      return start(config, trackerAddresses, networkKey, metrics, closer);
    } catch (RuntimeException e) {
      closer.close();
      throw e;
    }
  }

  private static Node start(
      NodeConfig config,
      List<TrackerAddress> trackerAddresses,
      Optional<NetworkKey> networkKey,
      MeterRegistry registry,
      Closer closer) {
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
    NodeMetrics metrics = closer.add("metrics", new NodeMetrics(registry, System::nanoTime));
    metrics.watch(index);
    metrics.watch(plugins);
    plugins.addListener(
        closer.add("plugin changes", new PluginChanges(plugins, index, events, executor)));
    closer.add(
        "watcher",
        ShareWatcher.start(
            config.shareDir(), QUIET_PERIOD, new IndexUpdater(index, excluded, events)));
    // The watcher started first, so nothing that changes during the scan is missed. A small share
    // is
    // scanned before the node serves; a big one is served from the first second, from what is
    // indexed so far, while its status says how far the scan is.
    index.reconcileInBackground();
    index.awaitScan(SCAN_WAIT);
    // The piece hashes of content that left the share are deleted now and then.
    closer
        .add(
            "piece records",
            PieceRecordSweeper.of(index, dataDir.resolve("index"), Clock.systemUTC()))
        .start(executor, PIECE_SWEEP_DELAY);

    PreviewServer previews =
        new PreviewServer(index, plugins::preview, dataDir.resolve(PREVIEWS_FOLDER));
    PeerChannels peers = closer.add("peer channels", new PeerChannels(transport));
    // In a closed network only the tracker and the nodes it admitted are served.
    Optional<AdmittedCallers> admitted =
        networkKey.map(key -> new AdmittedCallers(id, System::nanoTime));
    TransferLimits transfers = config.transferLimits();
    TransferLimiter limiter =
        new TransferLimiter(
            transfers.maxUpload(), transfers.maxUploadPerPeer(), transfers.maxDownload());
    FileServer fileServer = new FileServer(index, transfers.uploadSlots(), limiter);
    PeerGrpcService peerService =
        closer.add("peer service", new PeerGrpcService(index, fileServer, previews));
    Server peerServer =
        startServer(
            transport,
            config.bindHost(),
            config.port(),
            executor,
            peerService.bindService(),
            Stream.concat(
                    admitted.stream().map(ServerInterceptor.class::cast),
                    Stream.of(metrics.traffic().server()))
                .toList());
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
                address ->
                    TrackerLink.start(
                        address,
                        self,
                        transport,
                        dataDir,
                        executor,
                        networkKey,
                        (request, answer) ->
                            peerService.search(request, metrics.traffic().countServed(answer)))));
    admitted.ifPresent(guard -> guard.attach(tracker));
    closer.add("share summary", SummaryPublisher.start(index, tracker));
    tracker.onConnectivityChange(
        (address, up) ->
            events.publish(
                NodeEvent.Kind.TRACKER,
                address.toString(),
                "tracker " + address + (up ? " connected" : " unreachable")));

    String token = ControlToken.generate();
    DefaultPeerClient peerClient = new DefaultPeerClient(peers, metrics.traffic().client());
    NodeDirectory nodes =
        new NodeDirectory(
            new PeerInfo(
                id, self.getName(), reachableHost(config.bindHost()), self.getPort(), true),
            tracker);
    Path partialDir = dataDir.resolve("partial");
    DownloadManager downloads =
        closer.add(
            "downloads",
            new DownloadManager(
                new SwarmFetcher(
                    nodes,
                    peerClient,
                    new HashSources(tracker, nodes, SOURCE_SEARCH_DEADLINE),
                    partialDir,
                    limiter.downloads(),
                    new Fetcher(nodes, peerClient, new Downloader(partialDir, limiter.downloads())),
                    config.transferLimits().streamsPerSource()),
                executor,
                Clock.systemUTC(),
                events,
                config.transferLimits().maxDownloads(),
                new DownloadStore(dataDir),
                RetryTimer.on(executor)));
    NodeService service =
        new NodeService(
            config,
            nodes,
            index,
            tracker,
            peerClient,
            downloads,
            plugins,
            events,
            previews,
            metrics);
    OwnWatches watches =
        new OwnWatches(
            id, index, tracker, service::search, new WatchStore(dataDir), Clock.systemUTC());
    HeldStandingQueries held =
        closer.add("standing queries", new HeldStandingQueries(index, tracker, Clock.systemUTC()));
    peerService.serveStandingQueries(
        new StandingPeerCalls(held, watches, () -> tracker.address().fingerprint()));
    // Saved downloads wait for the tracker, which tells where their sources are.
    tracker.onRegistered(
        () -> {
          watches.registerAll();
          downloads.restore();
        });
    // The control API stays on loopback in plain text: its token guards it.
    ServerServiceDefinition control = new ControlGrpcService(service, watches).bindService();
    List<ServerInterceptor> controlGuards = List.of(ControlToken.serverInterceptor(token));
    Server controlServer =
        startServer(Transport.plaintext(), "127.0.0.1", 0, executor, control, controlGuards);
    closer.add("control server", () -> Transport.close(controlServer));
    // The same API as gRPC-Web, which command-line clients reach without an HTTP/2 stack.
    GrpcWebServer controlWeb = startWebServer(control, controlGuards);
    closer.add("control server (gRPC-Web)", controlWeb);
    // Closed again (saved as they stand) before the control server ends the calls that follow
    // them, so that a stop of the node does not count as each caller cancelling its download.
    closer.add("downloads before the control server", downloads);
    new ControlFile(
            controlServer.getPort(),
            controlWeb.port(),
            token,
            id,
            ProcessHandle.current().pid())
        .write(dataDir);
    closer.add("control file", () -> ControlFile.delete(dataDir));
    plugins.startUis(new DefaultNodeFacade(service, watches));
    closer.add("user interfaces", plugins::stopUis);

    LOG.info(
        "node {} sharing {} ({} files) on port {}, trackers {}, plugins {}",
        id,
        config.shareDir(),
        index.stats().files(),
        peerServer.getPort(),
        trackerAddresses,
        config.pluginsDir());
    Node node =
        new Node(
            id,
            peerServer.getPort(),
            controlServer.getPort(),
            index,
            tracker,
            plugins,
            held,
            closer);
    node.files = fileServer;
    return node;
  }

  private static Server startServer(
      Transport transport,
      String host,
      int port,
      ExecutorService executor,
      ServerServiceDefinition service,
      List<ServerInterceptor> interceptors) {
    try {
      return transport.startServer(host, port, executor, List.of(service), interceptors);
    } catch (UncheckedIOException e) {
      throw new DiztlException(e.getMessage(), e);
    }
  }

  private static GrpcWebServer startWebServer(
      ServerServiceDefinition service, List<ServerInterceptor> interceptors) {
    try {
      return GrpcWebServer.start("127.0.0.1", 0, service, interceptors);
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

  /**
   * How many bytes of file content other nodes asked this node for since it started (the ranges of
   * their download requests): what a receiver fetched again shows here.
   */
  public long bytesRequested() {
    return files.bytesRequested();
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

  /**
   * How many standing queries (of any node, this one's included) this node holds to match its new
   * files against; meant for tests and benchmarks.
   */
  public int standingQueriesHeld() {
    return held.size();
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
