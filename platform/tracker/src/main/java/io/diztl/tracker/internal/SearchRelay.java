package io.diztl.tracker.internal;

import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.SearchSummary;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One search relayed to a snapshot of live nodes at once. Each node's hits are forwarded as they
 * arrive; a summary follows once every node has answered, failed or run out of time. Cancelling the
 * caller's call cancels the calls still out to nodes.
 */
final class SearchRelay {

  private static final Logger LOG = LoggerFactory.getLogger(SearchRelay.class);

  private final SearchRequest request;
  private final List<RegisteredNode> nodes;
  private final ServerCallStreamObserver<SearchEvent> out;
  private final Duration deadline;
  private final Executor executor;
  private final Context.CancellableContext context;
  private final Object writeLock = new Object();
  private final AtomicInteger pending;
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger timedOut = new AtomicInteger();

  SearchRelay(
      SearchRequest request,
      List<RegisteredNode> nodes,
      ServerCallStreamObserver<SearchEvent> out,
      Duration deadline,
      Executor executor) {
    this.request = request;
    this.nodes = nodes;
    this.out = out;
    this.deadline = deadline;
    this.executor = executor;
    this.pending = new AtomicInteger(nodes.size());
    // Forked so that node calls end with the caller's call, and are released once all are done.
    this.context = Context.current().withCancellation();
  }

  /** Sends the search to every node; returns at once. Call it from the search handler. */
  void start() {
    out.setOnCancelHandler(
        () -> {
          LOG.debug("search cancelled by the caller; cancelling {} node calls", pending.get());
          context.cancel(null);
        });
    if (nodes.isEmpty()) {
      finish();
      return;
    }
    context.run(() -> nodes.forEach(this::ask));
  }

  private void ask(RegisteredNode node) {
    NodeInfo info = node.info();
    Optional<ManagedChannel> channel = node.channel();
    if (channel.isEmpty()) {
      onNodeFailed(info, Status.UNAVAILABLE.withDescription("node left the registry"));
      return;
    }
    PeerGrpc.newStub(channel.get())
        .withExecutor(executor)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
        .search(request, new NodeObserver(info));
  }

  private void onNodeAnswered(NodeInfo info, SearchResponse response) {
    answered.incrementAndGet();
    if (response.getHitsCount() > 0) {
      send(
          SearchEvent.newBuilder()
              .setResults(NodeResults.newBuilder().setNode(info).addAllHits(response.getHitsList()))
              .build());
    }
    nodeDone();
  }

  private void onNodeFailed(NodeInfo info, Status status) {
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      timedOut.incrementAndGet();
      LOG.debug("node {} did not answer within {}", info.getNodeId(), deadline);
    } else {
      failed.incrementAndGet();
      LOG.debug(
          "node {} at {}:{} failed: {} {}",
          info.getNodeId(),
          info.getHost(),
          info.getPort(),
          status.getCode(),
          status.getDescription());
    }
    nodeDone();
  }

  private void nodeDone() {
    if (pending.decrementAndGet() == 0) {
      finish();
    }
  }

  private void finish() {
    SearchSummary summary =
        SearchSummary.newBuilder()
            .setNodes(nodes.size())
            .setAnswered(answered.get())
            .setFailed(failed.get())
            .setTimedOut(timedOut.get())
            .build();
    synchronized (writeLock) {
      if (!out.isCancelled()) {
        out.onNext(SearchEvent.newBuilder().setSummary(summary).build());
        out.onCompleted();
      }
    }
    context.cancel(null);
    LOG.debug(
        "search '{}' done: {} nodes, {} answered, {} failed, {} timed out",
        request.getQuery(),
        summary.getNodes(),
        summary.getAnswered(),
        summary.getFailed(),
        summary.getTimedOut());
  }

  private void send(SearchEvent event) {
    synchronized (writeLock) {
      if (!out.isCancelled()) {
        out.onNext(event);
      }
    }
  }

  /** Receives one node's answer. */
  private final class NodeObserver implements StreamObserver<SearchResponse> {
    private final NodeInfo info;
    private SearchResponse response = SearchResponse.getDefaultInstance();

    NodeObserver(NodeInfo info) {
      this.info = info;
    }

    @Override
    public void onNext(SearchResponse value) {
      response = value;
    }

    @Override
    public void onError(Throwable t) {
      onNodeFailed(info, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      onNodeAnswered(info, response);
    }
  }
}
