package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import io.diztl.api.preview.Preview;
import io.diztl.api.ui.Cancellable;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadListener;
import io.diztl.api.ui.FolderListing;
import io.diztl.api.ui.NodeEvent;
import io.diztl.api.ui.NodeFacade;
import io.diztl.api.ui.NodeStatus;
import io.diztl.api.ui.PeerInfo;
import io.diztl.api.ui.PluginInfo;
import io.diztl.api.ui.SearchListener;
import io.diztl.api.ui.SearchSummary;
import io.diztl.api.ui.UiSettings;
import io.diztl.api.ui.Watch;
import io.diztl.api.ui.WatchMatch;
import io.diztl.node.FileRef;
import io.diztl.node.internal.search.NodeHits;
import io.diztl.node.internal.search.SearchSink;
import io.diztl.node.internal.watch.OwnWatches;
import io.diztl.node.internal.watch.WatchMapping;
import io.diztl.proto.v1.WatchInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node as its plugins' user interfaces see it: checks the arguments at the door and passes them
 * to the same {@link NodeService} the control API uses.
 */
public final class DefaultNodeFacade implements NodeFacade {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultNodeFacade.class);

  private final NodeService node;
  private final OwnWatches watches;

  /** Offers {@code node} and its standing queries {@code watches}. */
  public DefaultNodeFacade(NodeService node, OwnWatches watches) {
    this.node = node;
    this.watches = watches;
  }

  @Override
  public List<Watch> watches() {
    return watches.list().stream().map(WatchMapping::toWatch).toList();
  }

  @Override
  public Watch watch(SearchQuery query, Duration ttl) {
    AtomicReference<WatchInfo> registered = new AtomicReference<>();
    watches
        .watch(
            Objects.requireNonNull(query, "query"),
            Objects.requireNonNull(ttl, "ttl"),
            event -> {
              if (event.hasRegistered()) {
                registered.compareAndSet(null, event.getRegistered());
              }
            })
        .cancel();
    return WatchMapping.toWatch(registered.get());
  }

  @Override
  public List<WatchMatch> watchMatches(String id) {
    String self = nodeId();
    return watches.recent(Objects.requireNonNull(id, "id")).stream()
        .flatMap(match -> WatchMapping.toMatch(match, self).stream())
        .toList();
  }

  @Override
  public void cancelWatch(String id) {
    watches.cancel(Objects.requireNonNull(id, "id"));
  }

  @Override
  public Cancellable followWatches(Consumer<WatchMatch> listener) {
    Objects.requireNonNull(listener, "listener");
    String self = nodeId();
    return watches.follow(match -> WatchMapping.toMatch(match, self).ifPresent(listener));
  }

  @Override
  public String nodeId() {
    return node.self().nodeId();
  }

  @Override
  public NodeStatus status() {
    return node.status();
  }

  @Override
  public Cancellable search(SearchQuery query, SearchListener listener) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(listener, "listener");
    ListenerSink sink = new ListenerSink(listener);
    try {
      return node.search(query, sink);
    } catch (DiztlException e) {
      sink.failed(e);
      return () -> {};
    }
  }

  @Override
  public Cancellable download(String ref, Path targetDir, DownloadListener listener) {
    Objects.requireNonNull(listener, "listener");
    Path target = targetDir == null ? null : targetDir.toAbsolutePath();
    return node.download(parse(ref), target, listener).handle();
  }

  @Override
  public DownloadInfo startDownload(String ref) {
    return node.download(parse(ref), null, null).info();
  }

  @Override
  public List<DownloadInfo> startFolderDownload(String nodeId, String path) {
    return node.startFolderDownload(
        Objects.requireNonNull(nodeId, "nodeId"), Objects.requireNonNull(path, "path"));
  }

  @Override
  public List<DownloadInfo> downloads() {
    return node.downloads();
  }

  @Override
  public Optional<DownloadInfo> download(String id) {
    return node.download(Objects.requireNonNull(id, "id"));
  }

  @Override
  public void cancelDownload(String id) {
    node.cancelDownload(Objects.requireNonNull(id, "id"));
  }

  @Override
  public DownloadInfo retryDownload(String id) {
    return node.retryDownload(Objects.requireNonNull(id, "id"));
  }

  @Override
  public DownloadInfo pauseDownload(String id) {
    return node.pauseDownload(Objects.requireNonNull(id, "id"));
  }

  @Override
  public DownloadInfo resumeDownload(String id) {
    return node.resumeDownload(Objects.requireNonNull(id, "id"));
  }

  @Override
  public Optional<Preview> preview(String ref) {
    return node.preview(parse(ref));
  }

  @Override
  public FolderListing browse(String nodeId, String path, String pageToken) {
    return node.browse(
        Objects.requireNonNull(nodeId, "nodeId"),
        Objects.requireNonNull(path, "path"),
        Objects.requireNonNull(pageToken, "pageToken"));
  }

  @Override
  public List<PeerInfo> peers() {
    try {
      return node.peers();
    } catch (DiztlException e) {
      if (e.kind() == ErrorKind.UNAVAILABLE || e.kind() == ErrorKind.TIMED_OUT) {
        return List.of();
      }
      throw e;
    }
  }

  @Override
  public List<PluginInfo> plugins() {
    return node.plugins();
  }

  @Override
  public void setPluginEnabled(String pluginId, boolean enabled) {
    node.setPluginEnabled(Objects.requireNonNull(pluginId, "pluginId"), enabled);
  }

  @Override
  public UiSettings uiSettings() {
    return node.uiSettings();
  }

  @Override
  public Cancellable subscribe(Consumer<NodeEvent> listener) {
    return node.subscribe(Objects.requireNonNull(listener, "listener"));
  }

  private static FileRef parse(String ref) {
    return FileRef.parse(Objects.requireNonNull(ref, "ref"));
  }

  /** A search's results for a user interface's listener, which may throw without harm. */
  private record ListenerSink(SearchListener listener) implements SearchSink {
    @Override
    public void results(NodeHits hits) {
      tell(() -> listener.results(hits.hits()));
    }

    @Override
    public void finished(SearchSummary summary) {
      tell(() -> listener.finished(summary));
    }

    @Override
    public void failed(DiztlException error) {
      tell(() -> listener.failed(error));
    }

    private static void tell(Runnable call) {
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.warn("a search listener failed: {}", e.toString(), e);
      }
    }
  }
}
