package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.SearchQuery;
import io.diztl.api.ui.NodeEvent;
import io.diztl.index.IndexStats;
import io.diztl.index.InvalidQueryException;
import io.diztl.index.ShareIndex;
import io.diztl.node.NodeConfig;
import io.diztl.pluginhost.PluginHost;
import io.diztl.pluginhost.PluginView;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.PluginInfo;
import io.diztl.proto.v1.PluginsResponse;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.StatusResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does for its local users, whichever way they come: the control API (the command line)
 * and the user interfaces of plugins share it, so a search or a download is the same for both.
 */
public final class NodeService {

  private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

  /** How long a relayed search may take while the tracker is connected, and while it is not. */
  private static final Duration RELAY_DEADLINE = Duration.ofSeconds(30);

  private static final Duration RELAY_DEADLINE_DISCONNECTED = Duration.ofSeconds(10);

  private final NodeConfig config;
  private final NodeInfo self;
  private final ShareIndex index;
  private final TrackerLink tracker;
  private final Fetcher fetcher;
  private final PluginHost plugins;
  private final NodeEvents events;

  /** The service of the node described by {@code config} and {@code self}. */
  public NodeService(
      NodeConfig config,
      NodeInfo self,
      ShareIndex index,
      TrackerLink tracker,
      Fetcher fetcher,
      PluginHost plugins,
      NodeEvents events) {
    this.config = config;
    this.self = self;
    this.index = index;
    this.tracker = tracker;
    this.fetcher = fetcher;
    this.plugins = plugins;
    this.events = events;
  }

  /** This node as the network sees it. */
  public NodeInfo self() {
    return self;
  }

  /** The node's events. */
  public NodeEvents events() {
    return events;
  }

  /**
   * Searches the network through the tracker, or this node alone when the tracker is down. The
   * query is checked against this node's index first, so that a mistake fails at once with
   * INVALID_ARGUMENT rather than on every node.
   */
  public void search(SearchRequest request, SearchSink sink) {
    SearchQuery query;
    try {
      query = SearchMapping.toQuery(request);
    } catch (DiztlException e) {
      sink.failed(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    try {
      index.validateQuery(request.getQuery());
    } catch (RuntimeException e) {
      sink.failed(searchFailure(query, e));
      return;
    }
    Duration deadline = tracker.connected() ? RELAY_DEADLINE : RELAY_DEADLINE_DISCONNECTED;
    tracker.search(request, new RelayedSearch(sink, () -> answerLocally(query, sink)), deadline);
  }

  private void answerLocally(SearchQuery query, SearchSink sink) {
    try {
      NodeResults.Builder results = NodeResults.newBuilder().setNode(self);
      index.search(query).forEach(file -> results.addHits(SearchMapping.toHit(file)));
      sink.event(SearchEvent.newBuilder().setResults(results).build());
      sink.event(
          SearchEvent.newBuilder()
              .setSummary(
                  SearchSummary.newBuilder()
                      .setNodes(1)
                      .setAnswered(1)
                      .setNote(
                          "tracker "
                              + tracker.address()
                              + " unreachable: results from this node only"))
              .build());
      sink.completed();
    } catch (RuntimeException e) {
      sink.failed(searchFailure(query, e));
    }
  }

  /**
   * INVALID_ARGUMENT with the index's message for an invalid query; INTERNAL for anything else,
   * such as a failing search matcher.
   */
  private static StatusRuntimeException searchFailure(SearchQuery query, RuntimeException e) {
    if (e instanceof InvalidQueryException) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
    LOG.warn("search {} failed: {}", query, e.toString(), e);
    return Status.INTERNAL
        .withDescription(e instanceof DiztlException ? e.getMessage() : "search failed: " + e)
        .asRuntimeException();
  }

  /**
   * Downloads the file {@code request} names, on the calling thread (cancelled with its gRPC
   * context), streaming progress and a last message with done.
   */
  public void get(GetRequest request, StreamObserver<GetProgress> progress) {
    String ref = request.getRef();
    events.publish(NodeEvent.Kind.DOWNLOAD_STARTED, ref, "download of " + ref + " started");
    fetcher.get(request, new Announcing(ref, progress));
  }

  /** Describes the node. */
  public StatusResponse status() {
    IndexStats stats = index.stats();
    int peers;
    try {
      peers = tracker.listPeers().size();
    } catch (StatusRuntimeException e) {
      peers = -1;
    }
    return StatusResponse.newBuilder()
        .setNodeId(self.getNodeId())
        .setTracker(tracker.address().toString())
        .setTrackerConnected(tracker.connected())
        .setFilesIndexed(stats.files())
        .setBytesIndexed(stats.bytes())
        .setFilesHashed(stats.hashed())
        .setPeersOnline(peers)
        .setShareDir(config.shareDir().toString())
        .setDownloadsDir(config.downloadsDir().toString())
        .setPort(self.getPort())
        .setEmbeddedTracker(config.embeddedTracker())
        .build();
  }

  /** The node's plugins. */
  public PluginsResponse plugins() {
    PluginsResponse.Builder response =
        PluginsResponse.newBuilder().setPluginsDir(plugins.pluginsDir().toString());
    for (PluginView plugin : plugins.plugins()) {
      response.addPlugins(
          PluginInfo.newBuilder()
              .setId(plugin.id())
              .setVersion(plugin.version())
              .setState(plugin.state())
              .setDescription(plugin.description())
              .addAllExtensions(plugin.extensions())
              .setProblem(plugin.problem()));
    }
    return response.build();
  }

  /** Passes a download's progress on and publishes how it ended. */
  private final class Announcing implements StreamObserver<GetProgress> {
    private final String ref;
    private final StreamObserver<GetProgress> progress;

    Announcing(String ref, StreamObserver<GetProgress> progress) {
      this.ref = ref;
      this.progress = progress;
    }

    @Override
    public void onNext(GetProgress message) {
      if (message.getDone()) {
        events.publish(
            NodeEvent.Kind.DOWNLOAD_COMPLETED,
            ref,
            "downloaded " + ref + " to " + message.getPath());
      }
      progress.onNext(message);
    }

    @Override
    public void onError(Throwable t) {
      events.publish(
          NodeEvent.Kind.DOWNLOAD_FAILED,
          ref,
          "download of " + ref + " failed: " + GrpcErrors.describe(t));
      progress.onError(t);
    }

    @Override
    public void onCompleted() {
      progress.onCompleted();
    }
  }
}
