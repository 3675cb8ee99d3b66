package io.diztl.node.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.SearchQuery;
import io.diztl.index.IndexStats;
import io.diztl.index.ShareIndex;
import io.diztl.node.NodeConfig;
import io.diztl.proto.v1.ControlGrpc;
import io.diztl.proto.v1.GetProgress;
import io.diztl.proto.v1.GetRequest;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchSummary;
import io.diztl.proto.v1.StatusRequest;
import io.diztl.proto.v1.StatusResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control API the command line drives a node through. */
public final class ControlGrpcService extends ControlGrpc.ControlImplBase {

  private static final Logger LOG = LoggerFactory.getLogger(ControlGrpcService.class);

  /** How long a relayed search may take while the tracker is connected, and while it is not. */
  private static final Duration RELAY_DEADLINE = Duration.ofSeconds(30);

  private static final Duration RELAY_DEADLINE_DISCONNECTED = Duration.ofSeconds(10);

  private final NodeConfig config;
  private final NodeInfo self;
  private final ShareIndex index;
  private final TrackerLink tracker;
  private final Fetcher fetcher;

  /** Serves the node described by {@code config} and {@code self}. */
  public ControlGrpcService(
      NodeConfig config, NodeInfo self, ShareIndex index, TrackerLink tracker, Fetcher fetcher) {
    this.config = config;
    this.self = self;
    this.index = index;
    this.tracker = tracker;
    this.fetcher = fetcher;
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchEvent> events) {
    SearchQuery query;
    try {
      query = SearchMapping.toQuery(request);
    } catch (DiztlException e) {
      events.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    ServerCallStreamObserver<SearchEvent> caller = (ServerCallStreamObserver<SearchEvent>) events;
    Duration deadline = tracker.connected() ? RELAY_DEADLINE : RELAY_DEADLINE_DISCONNECTED;
    tracker.search(
        request, new RelayedSearch(caller, () -> answerLocally(query, caller)), deadline);
  }

  private void answerLocally(SearchQuery query, StreamObserver<SearchEvent> events) {
    try {
      NodeResults.Builder results = NodeResults.newBuilder().setNode(self);
      index.search(query).forEach(file -> results.addHits(SearchMapping.toHit(file)));
      events.onNext(SearchEvent.newBuilder().setResults(results).build());
      events.onNext(
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
      events.onCompleted();
    } catch (RuntimeException e) {
      LOG.warn("local search {} failed: {}", query, e.toString(), e);
      events.onError(
          Status.INTERNAL.withDescription("search failed: " + e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetProgress> progress) {
    fetcher.get(request, progress);
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
    IndexStats stats = index.stats();
    int peers;
    try {
      peers = tracker.listPeers().size();
    } catch (StatusRuntimeException e) {
      peers = -1;
    }
    response.onNext(
        StatusResponse.newBuilder()
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
            .build());
    response.onCompleted();
  }
}
