package io.diztl.tracker.internal;

import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeOutcome;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One search relayed to a snapshot of live nodes at once. Each node's hits are forwarded as they
 * arrive, with the time the node took; a summary follows once every node has answered, failed or
 * run out of time, with each node's outcome in the order they ended. Cancelling the caller's call
 * cancels the calls still out to nodes.
 */
final class SearchRelay {

  private static final Logger LOG = LoggerFactory.getLogger(SearchRelay.class);

  /** The longest error text an outcome carries. */
  static final int MAX_ERROR_CHARS = 200;

  /** Control characters and line or paragraph separators, which an error line must not hold. */
  private static final Pattern LINE_BREAKING = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]+");

  private final SearchRequest request;
  private final List<RegisteredNode> nodes;
  private final ServerCallStreamObserver<SearchEvent> out;
  private final Duration deadline;
  private final Executor executor;
  private final LongSupplier nanoClock;
  private final Context.CancellableContext context;
  private final Object writeLock = new Object();
  private final AtomicInteger pending;
  private final List<NodeOutcome> outcomes = new ArrayList<>();

  /**
   * Prepares the relay of {@code request} to {@code nodes}, each given {@code deadline} to answer,
   * node callbacks run on {@code executor}, times taken from {@code nanoClock} (monotonic).
   */
  SearchRelay(
      SearchRequest request,
      List<RegisteredNode> nodes,
      ServerCallStreamObserver<SearchEvent> out,
      Duration deadline,
      Executor executor,
      LongSupplier nanoClock) {
    this.request = request;
    this.nodes = nodes;
    this.out = out;
    this.deadline = deadline;
    this.executor = executor;
    this.nanoClock = nanoClock;
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
    long sentNanos = nanoClock.getAsLong();
    Optional<ManagedChannel> channel = node.channel();
    if (channel.isEmpty()) {
      onNodeFailed(info, sentNanos, Status.UNAVAILABLE.withDescription("node left the registry"));
      return;
    }
    PeerGrpc.newStub(channel.get())
        .withExecutor(executor)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
        .search(request, new NodeObserver(info, sentNanos));
  }

  private void onNodeAnswered(NodeInfo info, long sentNanos, SearchResponse response) {
    long elapsed = millisSince(sentNanos);
    if (response.getHitsCount() > 0) {
      send(
          SearchEvent.newBuilder()
              .setResults(
                  NodeResults.newBuilder()
                      .setNode(info)
                      .addAllHits(response.getHitsList())
                      .setElapsedMillis(elapsed))
              .build());
    }
    nodeDone(
        outcome(info, NodeOutcome.State.STATE_ANSWERED, elapsed).setHits(response.getHitsCount()));
  }

  private void onNodeFailed(NodeInfo info, long sentNanos, Status status) {
    long elapsed = millisSince(sentNanos);
    NodeOutcome.Builder outcome;
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      LOG.debug("node {} did not answer within {}", info.getNodeId(), deadline);
      outcome =
          outcome(info, NodeOutcome.State.STATE_TIMED_OUT, elapsed)
              .setError("DEADLINE_EXCEEDED: no answer within " + deadline.toMillis() + " ms");
    } else {
      LOG.debug(
          "node {} at {}:{} failed: {} {}",
          info.getNodeId(),
          info.getHost(),
          info.getPort(),
          status.getCode(),
          status.getDescription());
      outcome = outcome(info, NodeOutcome.State.STATE_FAILED, elapsed).setError(describe(status));
    }
    nodeDone(outcome);
  }

  private static NodeOutcome.Builder outcome(NodeInfo info, NodeOutcome.State state, long millis) {
    return NodeOutcome.newBuilder().setNode(info).setState(state).setElapsedMillis(millis);
  }

  private long millisSince(long sentNanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - sentNanos));
  }

  /**
   * A failed call as one short line for the user: the status code, its description and the message
   * of its cause, if any, without control characters and cut to {@value #MAX_ERROR_CHARS}
   * characters.
   */
  static String describe(Status status) {
    StringBuilder text = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      text.append(": ").append(status.getDescription());
    }
    Throwable cause = status.getCause();
    if (cause != null && cause.getMessage() != null) {
      text.append(" (").append(cause.getMessage()).append(')');
    }
    String line = LINE_BREAKING.matcher(text).replaceAll(" ").strip();
    if (line.length() <= MAX_ERROR_CHARS) {
      return line;
    }
    int end = MAX_ERROR_CHARS - 3;
    if (Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end) + "...";
  }

  private void nodeDone(NodeOutcome.Builder outcome) {
    synchronized (outcomes) {
      outcomes.add(outcome.build());
    }
    if (pending.decrementAndGet() == 0) {
      finish();
    }
  }

  private void finish() {
    List<NodeOutcome> ended;
    synchronized (outcomes) {
      ended = List.copyOf(outcomes);
    }
    int answered = 0;
    int timedOut = 0;
    for (NodeOutcome outcome : ended) {
      switch (outcome.getState()) {
        case STATE_ANSWERED -> answered++;
        case STATE_TIMED_OUT -> timedOut++;
        default -> {}
      }
    }
    SearchSummary summary =
        SearchSummary.newBuilder()
            .setNodes(nodes.size())
            .setAnswered(answered)
            .setFailed(ended.size() - answered - timedOut)
            .setTimedOut(timedOut)
            .addAllOutcomes(ended)
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
    private final long sentNanos;
    private SearchResponse response = SearchResponse.getDefaultInstance();

    NodeObserver(NodeInfo info, long sentNanos) {
      this.info = info;
      this.sentNanos = sentNanos;
    }

    @Override
    public void onNext(SearchResponse value) {
      response = value;
    }

    @Override
    public void onError(Throwable t) {
      onNodeFailed(info, sentNanos, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      onNodeAnswered(info, sentNanos, response);
    }
  }
}
