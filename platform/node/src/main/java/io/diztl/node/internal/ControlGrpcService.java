package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.api.SearchQuery;
import io.diztl.api.ui.DownloadInfo;
import io.diztl.api.ui.DownloadListener;
import io.diztl.api.ui.DownloadSource;
import io.diztl.api.ui.NodeStatus;
import io.diztl.api.ui.SearchSummary;
import io.diztl.node.FileRef;
import io.diztl.node.internal.search.NodeHits;
import io.diztl.node.internal.search.SearchMapping;
import io.diztl.node.internal.search.SearchSink;
import io.diztl.node.internal.watch.OwnWatches;
import io.diztl.proto.v1.BrowseRequest;
import io.diztl.proto.v1.BrowseResponse;
import io.diztl.proto.v1.CancelWatchRequest;
import io.diztl.proto.v1.CancelWatchResponse;
import io.diztl.proto.v1.ControlGrpc;
import io.diztl.proto.v1.DownloadActionRequest;
import io.diztl.proto.v1.DownloadActionResponse;
import io.diztl.proto.v1.DownloadEntry;
import io.diztl.proto.v1.DownloadSourceEntry;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.ListDownloadsRequest;
import io.diztl.proto.v1.ListDownloadsResponse;
import io.diztl.proto.v1.ListPeersRequest;
import io.diztl.proto.v1.ListPeersResponse;
import io.diztl.proto.v1.ListWatchesRequest;
import io.diztl.proto.v1.ListWatchesResponse;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.PluginInfo;
import io.diztl.proto.v1.PluginsRequest;
import io.diztl.proto.v1.PluginsResponse;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchRouting;
import io.diztl.proto.v1.StatusRequest;
import io.diztl.proto.v1.StatusResponse;
import io.diztl.proto.v1.UiLinksRequest;
import io.diztl.proto.v1.UiLinksResponse;
import io.diztl.proto.v1.WatchEvent;
import io.diztl.proto.v1.WatchRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The control API the command line drives a node through: reads requests into diztl's types, calls
 * the {@link NodeService}, and writes its answers and errors back as messages and statuses.
 */
public final class ControlGrpcService extends ControlGrpc.ControlImplBase {

  private final NodeService node;
  private final OwnWatches watches;

  /** Serves {@code node} and its standing queries {@code watches}. */
  public ControlGrpcService(NodeService node, OwnWatches watches) {
    this.node = node;
    this.watches = watches;
  }

  @Override
  public void watch(WatchRequest request, StreamObserver<WatchEvent> events) {
    ServerCallStreamObserver<WatchEvent> caller = (ServerCallStreamObserver<WatchEvent>) events;
    LateCancel cancel = new LateCancel();
    caller.setOnCancelHandler(cancel);
    Consumer<WatchEvent> listener =
        event -> {
          synchronized (caller) {
            if (!caller.isCancelled()) {
              caller.onNext(event);
            }
          }
        };
    try {
      if (!request.getId().isEmpty()) {
        cancel.set(watches.attach(request.getId(), listener));
      } else {
        Duration ttl =
            request.getTtlMillis() == 0
                ? OwnWatches.DEFAULT_TTL
                : Duration.ofMillis(request.getTtlMillis());
        cancel.set(watches.watch(SearchMapping.toQuery(request.getQuery()), ttl, listener));
      }
    } catch (DiztlException e) {
      caller.onError(GrpcErrors.toStatus(e));
    }
  }

  @Override
  public void listWatches(ListWatchesRequest request, StreamObserver<ListWatchesResponse> out) {
    answer(out, () -> ListWatchesResponse.newBuilder().addAllWatches(watches.list()).build());
  }

  @Override
  public void cancelWatch(CancelWatchRequest request, StreamObserver<CancelWatchResponse> out) {
    answer(
        out,
        () -> {
          watches.cancel(request.getId());
          return CancelWatchResponse.getDefaultInstance();
        });
  }

  @Override
  public void listDownloads(
      ListDownloadsRequest request, StreamObserver<ListDownloadsResponse> out) {
    answer(
        out,
        () ->
            ListDownloadsResponse.newBuilder()
                .addAllDownloads(
                    node.downloads().stream().map(ControlGrpcService::toEntry).toList())
                .build());
  }

  @Override
  public void pauseDownload(DownloadActionRequest request, StreamObserver<DownloadEntry> out) {
    answer(out, () -> toEntry(node.pauseDownload(request.getId())));
  }

  @Override
  public void resumeDownload(DownloadActionRequest request, StreamObserver<DownloadEntry> out) {
    answer(out, () -> toEntry(node.resumeDownload(request.getId())));
  }

  @Override
  public void cancelDownload(
      DownloadActionRequest request, StreamObserver<DownloadActionResponse> out) {
    answer(
        out,
        () -> {
          node.cancelDownload(request.getId());
          return DownloadActionResponse.getDefaultInstance();
        });
  }

  static DownloadEntry toEntry(DownloadInfo info) {
    return DownloadEntry.newBuilder()
        .setId(info.id())
        .setRef(info.ref())
        .setName(info.name())
        .setState(info.state().name().toLowerCase(Locale.ROOT))
        .setReceived(info.received())
        .setTotal(info.total())
        .setBytesPerSecond(info.bytesPerSecond())
        .setEtaSeconds(info.etaSeconds())
        .setSources(info.sources())
        .setSourceNodeId(info.sourceNodeId())
        .setSourceNodeName(info.sourceNodeName())
        .setFinalPath(info.finalPath())
        .setSha256(info.sha256())
        .setError(info.error())
        .addAllSourceNodes(info.sourceNodes().stream().map(ControlGrpcService::toEntry).toList())
        .build();
  }

  private static DownloadSourceEntry toEntry(DownloadSource source) {
    return DownloadSourceEntry.newBuilder()
        .setNodeId(source.nodeId())
        .setNodeName(source.nodeName())
        .setBytes(source.bytes())
        .setState(source.dropped() ? "dropped" : source.strikes() > 0 ? "struck" : "")
        .setStrikes(source.strikes())
        .build();
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchEvent> events) {
    ServerCallStreamObserver<SearchEvent> caller = (ServerCallStreamObserver<SearchEvent>) events;
    LateCancel cancel = new LateCancel();
    caller.setOnCancelHandler(cancel);
    try {
      SearchQuery query = SearchMapping.toQuery(request);
      cancel.set(node.search(query, new CallerSink(caller)));
    } catch (DiztlException e) {
      caller.onError(GrpcErrors.toStatus(e));
    }
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetProgress> progress) {
    ServerCallStreamObserver<GetProgress> caller = (ServerCallStreamObserver<GetProgress>) progress;
    LateCancel cancel = new LateCancel();
    caller.setOnCancelHandler(cancel);
    try {
      Path target = targetDir(request.getTargetDir());
      ProgressStream stream = new ProgressStream(caller);
      if (request.getRef().isEmpty() && !request.getHash().isEmpty()) {
        cancel.set(node.downloadContent(request.getHash(), target, stream).handle());
      } else {
        FileRef ref = FileRef.parse(request.getRef());
        cancel.set(node.download(ref, target, stream).handle());
      }
    } catch (DiztlException e) {
      caller.onError(GrpcErrors.toStatus(e));
    }
  }

  private static Path targetDir(String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new DiztlException(
          ErrorKind.INVALID_ARGUMENT,
          "malformed target folder '" + text + "': " + e.getMessage(),
          e);
    }
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
    answer(response, () -> toResponse(node.status(), node.trackerSearchRouting()));
  }

  @Override
  public void plugins(PluginsRequest request, StreamObserver<PluginsResponse> response) {
    answer(
        response,
        () -> {
          PluginsResponse.Builder plugins =
              PluginsResponse.newBuilder().setPluginsDir(node.pluginsDir().toString());
          for (io.diztl.api.ui.PluginInfo plugin : node.plugins()) {
            plugins.addPlugins(
                PluginInfo.newBuilder()
                    .setId(plugin.id())
                    .setVersion(plugin.version())
                    .setState(plugin.state())
                    .setDescription(plugin.description())
                    .addAllExtensions(plugin.extensions())
                    .setProblem(plugin.problem()));
          }
          return plugins.build();
        });
  }

  @Override
  public void browse(BrowseRequest request, StreamObserver<BrowseResponse> response) {
    answer(
        response,
        () ->
            BrowseMapping.toResponse(
                node.browse(request.getNodeId(), request.getPath(), request.getPageToken())));
  }

  @Override
  public void uiLinks(UiLinksRequest request, StreamObserver<UiLinksResponse> response) {
    answer(response, () -> UiLinksResponse.newBuilder().addAllUrls(node.uiLinks()).build());
  }

  @Override
  public void listPeers(ListPeersRequest request, StreamObserver<ListPeersResponse> response) {
    answer(
        response,
        () ->
            ListPeersResponse.newBuilder()
                .addAllNodes(node.peers().stream().map(SearchMapping::toNodeInfo).toList())
                .build());
  }

  private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
    T answer;
    try {
      answer = call.get();
    } catch (DiztlException e) {
      response.onError(GrpcErrors.toStatus(e));
      return;
    }
    response.onNext(answer);
    response.onCompleted();
  }

  private static StatusResponse toResponse(
      NodeStatus status, Optional<SearchRouting> trackerRouting) {
    StatusResponse.Builder response = StatusResponse.newBuilder();
    trackerRouting.ifPresent(response::setTrackerSearchRouting);
    return response
        .setNodeId(status.nodeId())
        .setNodeName(status.nodeName())
        .setTracker(status.tracker())
        .setTrackerConnected(status.trackerConnected())
        .setEmbeddedTracker(status.embeddedTracker())
        .setFilesIndexed(status.filesIndexed())
        .setBytesIndexed(status.bytesIndexed())
        .setFilesHashed(status.filesHashed())
        .setFilesAwaitingMetadata(status.filesAwaitingMetadata())
        .setPeersOnline(status.peersOnline())
        .setShareDir(status.shareDir())
        .setDownloadsDir(status.downloadsDir())
        .setPort(status.port())
        .setScanning(status.filesScanned() >= 0)
        .setFilesScanned(Math.max(0, status.filesScanned()))
        .build();
  }

  /** A search's results for the control caller, as the wire's events. */
  private record CallerSink(ServerCallStreamObserver<SearchEvent> caller) implements SearchSink {
    @Override
    public void results(NodeHits hits) {
      NodeResults.Builder results =
          NodeResults.newBuilder()
              .setNode(SearchMapping.toNodeInfo(hits.node()))
              .setElapsedMillis(hits.elapsedMillis());
      hits.hits().forEach(hit -> results.addHits(SearchMapping.toHit(hit)));
      caller.onNext(SearchEvent.newBuilder().setResults(results).build());
    }

    @Override
    public void finished(SearchSummary summary) {
      caller.onNext(SearchEvent.newBuilder().setSummary(SearchMapping.toProto(summary)).build());
      caller.onCompleted();
    }

    @Override
    public void failed(DiztlException error) {
      caller.onError(GrpcErrors.toStatus(error));
    }
  }

  /** A download's progress for the control caller; the last message has done set. */
  private static final class ProgressStream implements DownloadListener {
    private final StreamObserver<GetProgress> caller;
    private long total;

    ProgressStream(StreamObserver<GetProgress> caller) {
      this.caller = caller;
    }

    @Override
    public void progress(String name, long received, long total) {
      this.total = total;
      caller.onNext(
          GetProgress.newBuilder().setName(name).setReceived(received).setTotal(total).build());
    }

    @Override
    public void completed(Path path, String sha256) {
      caller.onNext(
          GetProgress.newBuilder()
              .setName(path.getFileName().toString())
              .setReceived(total)
              .setTotal(total)
              .setDone(true)
              .setPath(path.toString())
              .setSha256(sha256)
              .build());
      caller.onCompleted();
    }

    @Override
    public void failed(DiztlException error) {
      caller.onError(GrpcErrors.toStatus(error));
    }
  }
}
