package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import io.diztl.api.preview.Preview;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadListener;
import io.diztl.api.ui.FolderListing;
import io.diztl.api.ui.NetworkHit;
import io.diztl.api.ui.NodeEvent;
import io.diztl.api.ui.NodeOutcome;
import io.diztl.api.ui.NodeStatus;
import io.diztl.api.ui.PeerInfo;
import io.diztl.api.ui.PluginInfo;
import io.diztl.api.ui.SearchSummary;
import io.diztl.api.ui.UiSettings;
import io.diztl.index.IndexStats;
import io.diztl.index.IndexedFile;
import io.diztl.index.ShareIndex;
import io.diztl.node.FileRef;
import io.diztl.node.NodeConfig;
import io.diztl.node.internal.search.NodeHits;
import io.diztl.node.internal.search.RecentHits;
import io.diztl.node.internal.search.RelayedSearch;
import io.diztl.node.internal.search.SearchMapping;
import io.diztl.node.internal.search.SearchSink;
import io.diztl.node.internal.serve.PreviewServer;
import io.diztl.node.internal.tracker.TrackerClient;
import io.diztl.node.internal.transfer.DownloadManager;
import io.diztl.node.internal.transfer.ExpectedFile;
import io.diztl.node.internal.transfer.FolderTargets;
import io.diztl.node.internal.transfer.FolderWalk;
import io.diztl.pluginhost.PluginHost;
import io.diztl.proto.v1.GetPreviewRequest;
import io.diztl.proto.v1.ListFolderRequest;
import io.diztl.proto.v1.PreviewKind;
import io.diztl.proto.v1.SearchRouting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does for its local users, in diztl's own types, whichever way they come: the control
 * API (the command line) and the user interfaces of plugins are thin adapters over it, so that a
 * search, a download or a listing is the same for both. Failures are {@link DiztlException}s whose
 * kind says what went wrong. Thread-safe.
 */
public final class NodeService {

  private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

  /** How long a relayed search may take while the tracker is connected, and while it is not. */
  private static final Duration RELAY_DEADLINE = Duration.ofSeconds(30);

  /** How long a hash search for the nodes that have some content waits for their answers. */
  private static final Duration SOURCE_SEARCH_DEADLINE = Duration.ofSeconds(10);

  private static final Pattern CONTENT_ID = Pattern.compile("[0-9a-fA-F]{64}");

  private static final Duration RELAY_DEADLINE_DISCONNECTED = Duration.ofSeconds(10);

  private final NodeConfig config;
  private final NodeDirectory nodes;
  private final ShareIndex index;
  private final TrackerClient tracker;
  private final PeerClient peers;
  private final DownloadManager downloads;
  private final PluginHost plugins;
  private final NodeEvents events;
  private final PreviewServer previews;
  private final NodeMetrics metrics;
  private final RecentHits recentHits = new RecentHits();

  /** The service of the node described by {@code config}, whose own entry {@code nodes} holds. */
  public NodeService(
      NodeConfig config,
      NodeDirectory nodes,
      ShareIndex index,
      TrackerClient tracker,
      PeerClient peers,
      DownloadManager downloads,
      PluginHost plugins,
      NodeEvents events,
      PreviewServer previews,
      NodeMetrics metrics) {
    this.config = config;
    this.nodes = nodes;
    this.index = index;
    this.tracker = tracker;
    this.peers = peers;
    this.downloads = downloads;
    this.plugins = plugins;
    this.events = events;
    this.previews = previews;
    this.metrics = metrics;
  }

  /** This node as the network sees it, with the host its peer service is reached at from here. */
  public PeerInfo self() {
    return nodes.self();
  }

  /**
   * Searches the network through the tracker, or this node alone when the tracker is down. Each
   * node's hits reach {@code results} as they arrive, then the summary.
   *
   * @return a handle that cancels the search
   * @throws DiztlException {@code INVALID_ARGUMENT} at once for a query this node's index rejects
   *     (checked here first so that a mistake does not fail on every node), {@code INTERNAL} when a
   *     search matcher fails
   */
  public Cancellable search(SearchQuery query, SearchSink results) {
    Objects.requireNonNull(query, "query");
    SearchSink sink =
        metrics.observing(recentHits.recording(Objects.requireNonNull(results, "results")));
    try {
      index.validateQuery(query.text());
    } catch (RuntimeException e) {
      throw searchFailure(query, e);
    }
    RelayedSearch relay =
        new RelayedSearch(sink, nodes, index::knownHashes, () -> answerLocally(query, sink));
    Duration deadline = tracker.connected() ? RELAY_DEADLINE : RELAY_DEADLINE_DISCONNECTED;
    relay.call(tracker.search(SearchMapping.toRequest(query), deadline, relay));
    return relay;
  }

  private void answerLocally(SearchQuery query, SearchSink sink) {
    long start = System.nanoTime();
    List<NetworkHit> hits;
    try {
      List<IndexedFile> found = index.search(query);
      Set<String> here = index.knownHashes(found.stream().map(IndexedFile::sha256).toList());
      hits = found.stream().map(file -> SearchMapping.toNetworkHit(self(), file, here)).toList();
    } catch (RuntimeException e) {
      sink.failed(searchFailure(query, e));
      return;
    }
    long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
    PeerInfo self = self();
    sink.results(new NodeHits(self, elapsed, hits));
    sink.finished(
        new SearchSummary(
            1,
            1,
            0,
            0,
            0,
            tracker
                    .refusal()
                    .map(why -> "tracker " + tracker.address() + " refused this node (" + why + ")")
                    .orElse("tracker " + tracker.address() + " unreachable")
                + ": results from this node only",
            List.of(
                new NodeOutcome(
                    self.nodeId(),
                    self.name(),
                    NodeOutcome.State.ANSWERED,
                    elapsed,
                    hits.size(),
                    ""))));
  }

  /** The index's own error for an invalid query; INTERNAL for anything else, such as a matcher. */
  private static DiztlException searchFailure(SearchQuery query, RuntimeException e) {
    if (e instanceof DiztlException d && d.kind() == ErrorKind.INVALID_ARGUMENT) {
      return d;
    }
    LOG.warn("search {} failed: {}", query, e.toString(), e);
    return new DiztlException(
        ErrorKind.INTERNAL,
        e instanceof DiztlException ? e.getMessage() : "search failed: " + e,
        e);
  }

  /**
   * Queues a download of {@code ref} into {@code targetDir} (null: the downloads folder), told to
   * {@code listener} (may be null) until it ends. When {@code ref} came in a recent search result,
   * a peer announcing another size or hash than that result is refused.
   *
   * <p>When that node is not online but the result's content identity is known, the download is
   * queued all the same: it fetches from the other nodes that have the content.
   *
   * @throws DiztlException {@code INVALID_ARGUMENT} for a relative target folder, {@code NOT_FOUND}
   *     when the node that has the file is not online and no search result told its content
   */
  public DownloadManager.Started download(FileRef ref, Path targetDir, DownloadListener listener) {
    Objects.requireNonNull(ref, "ref");
    Path target = targetFolder(targetDir);
    ExpectedFile expected = recentHits.expected(ref);
    String sourceName;
    try {
      sourceName = nodes.locate(ref.nodeId()).name();
    } catch (DiztlException e) {
      if (expected.sha256().isEmpty()) {
        throw e;
      }
      LOG.info("{}; fetching {} from the other nodes that have it", e.getMessage(), ref);
      sourceName = nodes.name(ref.nodeId()).orElse("");
    }
    return downloads.start(ref, expected, target, "", sourceName, listener);
  }

  /**
   * Queues a download of the content whose identity is {@code hash} (64 hex digits) from every
   * other live node that has it, found with a hash search through the tracker.
   *
   * @throws DiztlException {@code INVALID_ARGUMENT} for a malformed hash or relative target folder,
   *     {@code NOT_FOUND} when no other live node has the content
   */
  public DownloadManager.Started downloadContent(
      String hash, Path targetDir, DownloadListener listener) {
    Objects.requireNonNull(hash, "hash");
    if (!CONTENT_ID.matcher(hash).matches()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "a content identity is 64 hex digits (the sha256 search shows), found '" + hash + "'");
    }
    String root = hash.toLowerCase(Locale.ROOT);
    Path target = targetFolder(targetDir);
    List<FileRef> holders = new HashSources(tracker, nodes, SOURCE_SEARCH_DEADLINE).find(root);
    if (holders.isEmpty()) {
      throw new DiztlException(
          ErrorKind.NOT_FOUND,
          "no other live node has the content " + root + "; search again later");
    }
    FileRef first = holders.get(0);
    PeerInfo source = nodes.locate(first.nodeId());
    return downloads.start(first, new ExpectedFile(-1, root), target, "", source.name(), listener);
  }

  private Path targetFolder(Path targetDir) {
    Path target = targetDir == null ? config.downloadsDir() : targetDir;
    if (!target.isAbsolute()) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "the target folder must be an absolute path, found '" + targetDir + "'");
    }
    return target.normalize();
  }

  /**
   * Queues a download of every file under a folder of a node's share into {@code DOWNLOADS/<folder
   * name>/<sub-folders>}, whatever names that node gives.
   *
   * @throws DiztlException as {@link #browse} does, or {@code RESOURCE_EXHAUSTED} for a folder too
   *     big to take at once
   */
  public List<DownloadInfo> startFolderDownload(String nodeId, String path) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(path, "path");
    FolderListing first = browse(nodeId, path, "");
    String folder =
        first.path().isEmpty()
            ? (first.nodeName().isBlank() ? first.nodeId() : first.nodeName())
            : first.path().substring(first.path().lastIndexOf('/') + 1);
    List<FolderWalk.FoundFile> files =
        FolderWalk.files(
            (dir, token) ->
                dir.equals(first.path()) && token.isEmpty() ? first : browse(nodeId, dir, token),
            first.path());
    List<DownloadInfo> queued = new ArrayList<>(files.size());
    for (FolderWalk.FoundFile file : files) {
      List<String> folders = new ArrayList<>();
      folders.add(folder);
      folders.addAll(file.folders());
      Path target = FolderTargets.resolve(config.downloadsDir(), folders);
      queued.add(
          downloads
              .start(
                  FileRef.parse(file.entry().ref()),
                  new ExpectedFile(file.entry().size(), file.entry().sha256()),
                  target,
                  file.entry().name(),
                  first.nodeName(),
                  null)
              .info());
    }
    LOG.info("queued {} downloads of folder '{}' of node {}", queued.size(), path, nodeId);
    return queued;
  }

  /** Every download since the node started, newest first. */
  public List<DownloadInfo> downloads() {
    return downloads.downloads();
  }

  /** One download. */
  public Optional<DownloadInfo> download(String id) {
    return downloads.download(id);
  }

  /** See {@link DownloadManager#cancel}. */
  public void cancelDownload(String id) {
    downloads.cancel(id);
  }

  /** See {@link DownloadManager#pause}. */
  public DownloadInfo pauseDownload(String id) {
    return downloads.pause(id);
  }

  /** See {@link DownloadManager#resume}. */
  public DownloadInfo resumeDownload(String id) {
    return downloads.resume(id);
  }

  /** See {@link DownloadManager#retry}. */
  public DownloadInfo retryDownload(String id) {
    return downloads.retry(id);
  }

  /**
   * One page of a folder of a node's share (this node's too), through that node's peer service.
   *
   * @throws DiztlException {@code NOT_FOUND} for an unknown node or folder, {@code
   *     INVALID_ARGUMENT} or {@code PERMISSION_DENIED} for a path the node refuses, {@code
   *     UNAVAILABLE} when it or the tracker cannot be reached
   */
  public FolderListing browse(String nodeId, String path, String pageToken) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pageToken, "pageToken");
    if (nodeId.isBlank()) {
      throw new DiztlException(ErrorKind.INVALID_ARGUMENT, "expected a node id, found none");
    }
    PeerInfo node = nodes.locate(nodeId);
    return BrowseMapping.toListing(
        node,
        peers.listFolder(
            node, ListFolderRequest.newBuilder().setPath(path).setPageToken(pageToken).build()));
  }

  /**
   * A preview of a file of some node (this one's too), made by that node; empty when it has none.
   *
   * @throws DiztlException {@code NOT_FOUND} when the node is not online, {@code UNAVAILABLE} or
   *     {@code TIMED_OUT} when it cannot be reached, or as {@link PreviewServer#preview} does
   */
  public Optional<Preview> preview(FileRef ref) {
    Objects.requireNonNull(ref, "ref");
    if (ref.nodeId().equals(self().nodeId())) {
      return previews.preview(ref.fileId());
    }
    return peers.preview(
        nodes.locate(ref.nodeId()),
        GetPreviewRequest.newBuilder()
            .setFileId(ref.fileId())
            .setKind(PreviewKind.PREVIEW_KIND_THUMBNAIL)
            .build());
  }

  /** The node as it is now. */
  public NodeStatus status() {
    IndexStats stats = index.stats();
    int online;
    try {
      online = nodes.peers().size();
    } catch (DiztlException e) {
      online = -1;
    }
    PeerInfo self = self();
    return new NodeStatus(
        self.nodeId(),
        self.name(),
        tracker.address().toString(),
        tracker.connected(),
        config.embeddedTracker(),
        stats.files(),
        stats.bytes(),
        stats.hashed(),
        index.filesAwaitingMetadata(),
        online,
        config.shareDir().toString(),
        config.downloadsDir().toString(),
        self.port(),
        index.filesScanned());
  }

  /** How the tracker sends searches, as it last told; empty when unknown. */
  public Optional<SearchRouting> trackerSearchRouting() {
    return tracker.searchRouting();
  }

  /**
   * The live nodes as the tracker lists them, this one included.
   *
   * @throws DiztlException {@code UNAVAILABLE} or {@code TIMED_OUT} when the tracker cannot be
   *     asked
   */
  public List<PeerInfo> peers() {
    return nodes.peers();
  }

  /** The plugins folder. */
  public Path pluginsDir() {
    return plugins.pluginsDir();
  }

  /** The node's plugins, by id. */
  public List<PluginInfo> plugins() {
    return plugins.plugins().stream()
        .map(
            plugin ->
                new PluginInfo(
                    plugin.id(),
                    plugin.version(),
                    plugin.state(),
                    plugin.description(),
                    plugin.extensions(),
                    plugin.problem()))
        .toList();
  }

  /** See {@link PluginHost#setEnabled}. */
  public void setPluginEnabled(String pluginId, boolean enabled) {
    plugins.setEnabled(pluginId, enabled);
  }

  /** How the owner configured the user interfaces. */
  public UiSettings uiSettings() {
    return config.uiSettings();
  }

  /** Fresh login addresses of the running user interfaces that offer one. */
  public List<String> uiLinks() {
    return plugins.uiLinks();
  }

  /** Follows the node's events until the handle is cancelled. */
  public Cancellable subscribe(Consumer<NodeEvent> listener) {
    return events.subscribe(Objects.requireNonNull(listener, "listener"));
  }
}
