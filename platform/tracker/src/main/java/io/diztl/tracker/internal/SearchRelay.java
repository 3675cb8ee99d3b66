package io.diztl.tracker.internal;

import io.diztl.api.SearchQuery;
import io.diztl.proto.Transport;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.NodeOutcome;
import io.diztl.proto.v1.NodeResults;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.RelayQuery;
import io.diztl.proto.v1.SearchEvent;
import io.diztl.proto.v1.SearchHit;
import io.diztl.proto.v1.SearchRequest;
import io.diztl.proto.v1.SearchResponse;
import io.diztl.proto.v1.SearchSummary;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One search relayed to a snapshot of live nodes at once. Each node's hits are forwarded as they
 * arrive, with the time the node took (counted from when it was asked, to the millisecond); a
 * summary follows once every node has answered, failed or run out of time, with each node's outcome
 * in the order they ended. Cancelling the caller's call cancels the calls still out to nodes.
 *
 * <p>A node's answer may be at most {@link #MAX_NODE_ANSWER_BYTES}, so that forwarding it never
 * exceeds what the caller accepts: a larger one fails that node alone ({@code RESOURCE_EXHAUSTED}).
 * A node whose address timed out its last {@link Settings#slowAfterTimeouts()} searches is not
 * waited for: it is counted as skipped, and one background probe at a time (this search, with a
 * limit of 1) checks whether it answers again; once it does, searches wait for it again.
 *
 * <p>What a search costs per node is kept small: the request is serialised once for every node, all
 * node calls share one set of call options, and the nodes' answers are collected and written to the
 * caller without a lock. The search has one deadline, a {@link DeadlineTimer} that cancels the
 * calls still out when it fires, rather than a gRPC deadline per call: that would send each node a
 * {@code grpc-timeout} header of its own, which HPACK must encode anew every time, and start a
 * timer per call. A node bounds its own search time and stops when its call is cancelled.
 *
 * <p>A node that holds a {@link NodeStream relay stream} open is sent the search on it, one message
 * serialised once for all such nodes, rather than by a call of its own (a new HTTP/2 stream with
 * its headers, call objects and listeners on both sides for each node of each search). A node
 * without one, or whose stream ends before it answers, is asked by a call as before; one whose
 * stream is backed up is not sent the search and counts as failed.
 */
final class SearchRelay {

  private static final Logger LOG = LoggerFactory.getLogger(SearchRelay.class);

  /** The longest error text an outcome carries. */
  static final int MAX_ERROR_CHARS = 200;

  /**
   * The largest answer accepted from a node: half the caller's message limit, leaving room for the
   * node's description around its hits when they are forwarded.
   */
  static final int MAX_NODE_ANSWER_BYTES = Transport.MAX_MESSAGE_BYTES / 2;

  /** The most outcomes a summary lists; with names and errors bounded, well under 2 MiB. */
  static final int MAX_OUTCOMES = 1000;

  /**
   * How a relay treats nodes.
   *
   * @param deadline how long each node is given to answer
   * @param slowAfterTimeouts timed-out searches in a row after which a node is no longer waited for
   * @param executor runs the callbacks of node calls
   * @param nanoClock monotonic time, for the elapsed times
   * @param timer fires the search's deadline
   * @param streams the nodes' open relay streams, which carry the search to those nodes
   */
  record Settings(
      Duration deadline,
      int slowAfterTimeouts,
      Executor executor,
      LongSupplier nanoClock,
      DeadlineTimer timer,
      RelayStreams streams) {

    /** Settings that ask every node by a call of its own. */
    Settings(
        Duration deadline,
        int slowAfterTimeouts,
        Executor executor,
        LongSupplier nanoClock,
        DeadlineTimer timer) {
      this(deadline, slowAfterTimeouts, executor, nanoClock, timer, RelayStreams.none());
    }
  }

  /** Control characters and line or paragraph separators, which an error line must not hold. */
  private static final Pattern LINE_BREAKING = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]+");

  private final SearchRequest request;
  private final List<RegisteredNode> nodes;
  private final ServerCallStreamObserver<SearchEvent> out;
  private final Duration deadline;
  private final Executor executor;
  private final LongSupplier nanoClock;
  private final int slowAfterTimeouts;
  private final DeadlineTimer timer;
  private final Runnable onEnd;
  private final SerialWriter writer;
  private final AtomicInteger pending;
  private final AtomicInteger endedCount = new AtomicInteger();
  private final AtomicReferenceArray<NodeOutcome> outcomes;
  private final AtomicReferenceArray<Asked> calls;
  private final RelayStreams streams;
  private long searchId;
  private byte[] streamed;

  /** Why the calls still out were cancelled: null while they run. */
  private final AtomicReference<Stop> stopped = new AtomicReference<>();

  private volatile Future<?> alarm;

  /** A node's part of the search still out, by a call or on its stream. */
  @FunctionalInterface
  private interface Asked {
    void cancel(Stop why);
  }

  /** Why a relay cancels the node calls still out. */
  private enum Stop {
    /** The search's deadline passed: the nodes still out timed out. */
    DEADLINE,
    /** The caller went away, or the summary was sent. */
    ENDED
  }

  /**
   * Prepares the relay of {@code request} to {@code nodes}; {@code onEnd} runs once, when the
   * summary is sent or the caller has gone and every node call has ended.
   */
  SearchRelay(
      SearchRequest request,
      List<RegisteredNode> nodes,
      ServerCallStreamObserver<SearchEvent> out,
      Settings settings,
      Runnable onEnd) {
    this.request = request;
    this.nodes = nodes;
    this.out = out;
    this.deadline = settings.deadline();
    this.slowAfterTimeouts = settings.slowAfterTimeouts();
    this.executor = settings.executor();
    this.nanoClock = settings.nanoClock();
    this.timer = settings.timer();
    this.onEnd = onEnd;
    this.pending = new AtomicInteger(nodes.size());
    this.outcomes = new AtomicReferenceArray<>(nodes.size());
    this.calls = new AtomicReferenceArray<>(nodes.size());
    this.writer = new SerialWriter(out);
    this.streams = settings.streams();
  }

  /** Sends the search to every node; returns at once. Call it from the search handler. */
  void start() {
    out.setOnCancelHandler(
        () -> {
          LOG.debug("search cancelled by the caller; cancelling {} node calls", pending.get());
          stop(Stop.ENDED);
        });
    if (nodes.isEmpty()) {
      finish();
      return;
    }
    byte[] serialized = request.toByteArray();
    CallOptions options = callOptions();
    searchId = streams.nextSearchId();
    // Before the first call, so that a search whose nodes all answer at once finds it to cancel.
    alarm = timer.schedule(() -> stop(Stop.DEADLINE), deadline.toNanos());
    // The node calls run outside the caller's context: its deadline would go to every node as a
    // header of its own, and its cancellation reaches them through stop().
    Context previous = Context.ROOT.attach();
    try {
      for (int i = 0; i < nodes.size(); i++) {
        ask(i, nodes.get(i), serialized, options);
      }
    } finally {
      Context.ROOT.detach(previous);
    }
  }

  private void ask(int slot, RegisteredNode node, byte[] serialized, CallOptions options) {
    long sentNanos = nanoClock.getAsLong();
    NodeInfo info = node.info();
    Endpoint endpoint = node.endpoint();
    NodeStream stream = streams.of(info.getNodeId());
    // A streamed node needs no channel of its own (opened on first use) unless its stream ends.
    if (stream != null
        && !node.detached()
        && !endpoint.slow(slowAfterTimeouts)
        && askOnStream(slot, node, stream, sentNanos)) {
      return;
    }
    Optional<ManagedChannel> channel = node.channel();
    if (channel.isEmpty()) {
      onNodeFailed(node, sentNanos, Status.UNAVAILABLE.withDescription("node left the registry"));
      return;
    }
    if (endpoint.slow(slowAfterTimeouts)) {
      if (endpoint.startProbe()) {
        probe(info, endpoint, channel.get());
      }
      nodeDone(
          outcome(info, NodeOutcome.State.STATE_SKIPPED, 0)
              .setError(
                  "skipped: it timed out its last searches; asked in the background until it"
                      + " answers in time"));
      return;
    }
    askByCall(slot, node, channel.get(), serialized, options, sentNanos);
  }

  private void askByCall(
      int slot,
      RegisteredNode node,
      ManagedChannel channel,
      byte[] serialized,
      CallOptions options,
      long sentNanos) {
    ClientCall<byte[], SearchResponse> call = channel.newCall(PreSerializedSearch.METHOD, options);
    call.start(new NodeListener(slot, node, sentNanos).of(call), new Metadata());
    call.sendMessage(serialized);
    call.halfClose();
    call.request(1);
    // A call that ended meanwhile may stay here: cancelling it does no harm.
    outstanding(slot, why -> cancel(call, why));
  }

  /** Records what is out to the node of {@code slot}, and cancels it if the search has stopped. */
  private void outstanding(int slot, Asked asked) {
    calls.set(slot, asked);
    Stop stop = stopped.get();
    if (stop != null) {
      // Stopped while this was being sent: stop() may not have seen it.
      asked.cancel(stop);
    }
  }

  /**
   * Sends the search on {@code node}'s stream; false when the stream has ended, so that the node is
   * asked by a call instead.
   */
  private boolean askOnStream(int slot, RegisteredNode node, NodeStream stream, long sentNanos) {
    StreamWaiter waiter = new StreamWaiter(slot, node, sentNanos);
    long id = searchId;
    switch (stream.send(id, streamed(), waiter)) {
      case SENT -> {
        outstanding(
            slot,
            why -> {
              if (stream.forget(id, waiter)) {
                waiter.failed(Status.CANCELLED.withDescription(cancelText(why)));
              }
            });
        return true;
      }
      case BACKED_UP -> {
        onNodeFailed(
            node,
            sentNanos,
            Status.UNAVAILABLE.withDescription(
                "not sent: the node's relay stream is backed up (it reads or answers too slowly)"));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** The search as a {@code RelayQuery}, serialised on first use for every streamed node alike. */
  private byte[] streamed() {
    if (streamed == null) {
      streamed =
          RelayQuery.newBuilder()
              .setSearchId(searchId)
              .setRequest(request)
              .setDeadlineMillis(deadline.toMillis())
              .build()
              .toByteArray();
    }
    return streamed;
  }

  private CallOptions callOptions() {
    return CallOptions.DEFAULT
        .withExecutor(executor)
        .withMaxInboundMessageSize(MAX_NODE_ANSWER_BYTES);
  }

  /** Cancels the node calls still out (once: later reasons are ignored). */
  private void stop(Stop why) {
    if (!stopped.compareAndSet(null, why)) {
      return;
    }
    for (int i = 0; i < calls.length(); i++) {
      Asked asked = calls.get(i);
      if (asked != null) {
        asked.cancel(why);
      }
    }
  }

  private void cancel(ClientCall<byte[], SearchResponse> call, Stop why) {
    call.cancel(cancelText(why), null);
  }

  private String cancelText(Stop why) {
    return why == Stop.DEADLINE
        ? "no answer within " + deadline.toMillis() + " ms"
        : "the search has ended";
  }

  private PeerGrpc.PeerStub stub(ManagedChannel channel) {
    return PeerGrpc.newStub(channel)
        .withExecutor(executor)
        .withMaxInboundMessageSize(MAX_NODE_ANSWER_BYTES)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Asks a slow node this search (one result) outside the caller's call, so that neither the caller
   * waits for it nor the caller's end cancels it; an answer in time ends its slowness.
   */
  private void probe(NodeInfo info, Endpoint endpoint, ManagedChannel channel) {
    SearchRequest probe = request.toBuilder().setLimit(1).build();
    StreamObserver<SearchResponse> observer =
        new StreamObserver<>() {
          @Override
          public void onNext(SearchResponse value) {}

          @Override
          public void onError(Throwable t) {
            endpoint.probeEnded();
            LOG.debug(
                "node {} failed its probe: {}",
                info.getNodeId(),
                describe(Status.fromThrowable(t)));
          }

          @Override
          public void onCompleted() {
            endpoint.answered();
            endpoint.probeEnded();
            LOG.debug("node {} answered its probe: searches wait for it again", info.getNodeId());
          }
        };
    Context.ROOT.run(() -> stub(channel).search(probe, observer));
  }

  private void onNodeAnswered(RegisteredNode node, long sentNanos, List<SearchHit> answer) {
    NodeInfo info = node.info();
    node.endpoint().answered();
    long elapsed = millisSince(sentNanos);
    int wanted = request.getLimit() > 0 ? request.getLimit() : SearchQuery.MAX_LIMIT;
    List<SearchHit> hits = answer;
    if (hits.size() > wanted) {
      hits = hits.subList(0, wanted);
    }
    if (!hits.isEmpty()) {
      send(
          SearchEvent.newBuilder()
              .setResults(
                  NodeResults.newBuilder().setNode(info).addAllHits(hits).setElapsedMillis(elapsed))
              .build());
    }
    nodeDone(outcome(info, NodeOutcome.State.STATE_ANSWERED, elapsed).setHits(hits.size()));
  }

  private void onNodeFailed(RegisteredNode node, long sentNanos, Status status) {
    NodeInfo info = node.info();
    long elapsed = millisSince(sentNanos);
    NodeOutcome.Builder outcome;
    Stop stop = stopped.get();
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED
        || (status.getCode() == Status.Code.CANCELLED && stop == Stop.DEADLINE)) {
      LOG.debug("node {} did not answer within {}", info.getNodeId(), deadline);
      if (stop != Stop.ENDED) {
        // The search's own deadline passed, not the caller's.
        node.endpoint().timedOut();
      }
      outcome =
          outcome(info, NodeOutcome.State.STATE_TIMED_OUT, elapsed)
              .setError("DEADLINE_EXCEEDED: no answer within " + deadline.toMillis() + " ms");
    } else {
      LOG.debug(
          "node {} at {}:{} failed: {}",
          info.getNodeId(),
          LogText.of(info.getHost()),
          info.getPort(),
          LogText.of(describe(status)));
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
    outcomes.set(endedCount.getAndIncrement(), outcome.build());
    if (pending.decrementAndGet() == 0) {
      finish();
    }
  }

  private void finish() {
    // Every slot is set: each node ended (set its slot) before the count reached zero.
    NodeOutcome[] ended = new NodeOutcome[outcomes.length()];
    for (int i = 0; i < ended.length; i++) {
      ended[i] = outcomes.get(i);
    }
    int answered = 0;
    int timedOut = 0;
    int skipped = 0;
    for (NodeOutcome outcome : ended) {
      switch (outcome.getState()) {
        case STATE_ANSWERED -> answered++;
        case STATE_TIMED_OUT -> timedOut++;
        case STATE_SKIPPED -> skipped++;
        default -> {}
      }
    }
    SearchSummary.Builder built =
        SearchSummary.newBuilder()
            .setNodes(nodes.size())
            .setAnswered(answered)
            .setFailed(ended.length - answered - timedOut - skipped)
            .setTimedOut(timedOut)
            .setSkipped(skipped)
            .addAllOutcomes(List.of(ended).subList(0, Math.min(ended.length, MAX_OUTCOMES)));
    if (ended.length > MAX_OUTCOMES) {
      built.setNote(
          "outcomes of "
              + (ended.length - MAX_OUTCOMES)
              + " more nodes left out (counts are complete)");
    }
    SearchSummary summary = built.build();
    Future<?> deadlineAlarm = alarm;
    if (deadlineAlarm != null) {
      deadlineAlarm.cancel(false);
    }
    // Every node call has ended: none is left to cancel.
    stopped.compareAndSet(null, Stop.ENDED);
    writer.finish(SearchEvent.newBuilder().setSummary(summary).build());
    onEnd.run();
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "search '{}' done: {} nodes, {} answered, {} failed, {} timed out, {} skipped",
          LogText.of(request.getQuery()),
          summary.getNodes(),
          summary.getAnswered(),
          summary.getFailed(),
          summary.getTimedOut(),
          summary.getSkipped());
    }
  }

  private void send(SearchEvent event) {
    writer.send(event);
  }

  /** Receives one node's answer: the last response it sends counts, once its call has ended. */
  private final class NodeListener extends ClientCall.Listener<SearchResponse> {
    private final int slot;
    private final RegisteredNode node;
    private final long sentNanos;
    private ClientCall<byte[], SearchResponse> call;
    private SearchResponse response = SearchResponse.getDefaultInstance();

    NodeListener(int slot, RegisteredNode node, long sentNanos) {
      this.slot = slot;
      this.node = node;
      this.sentNanos = sentNanos;
    }

    /** Sets the call this listens to, before it starts. */
    NodeListener of(ClientCall<byte[], SearchResponse> listened) {
      this.call = listened;
      return this;
    }

    @Override
    public void onMessage(SearchResponse message) {
      response = message;
      call.request(1);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      calls.set(slot, null);
      if (status.isOk()) {
        onNodeAnswered(node, sentNanos, response.getHitsList());
      } else {
        onNodeFailed(node, sentNanos, status);
      }
    }
  }

  /** Waits for one node's answer on its stream; falls back to a call if the stream ends first. */
  private final class StreamWaiter implements NodeStream.Waiter {
    private final int slot;
    private final RegisteredNode node;
    private final long sentNanos;

    StreamWaiter(int slot, RegisteredNode node, long sentNanos) {
      this.slot = slot;
      this.node = node;
      this.sentNanos = sentNanos;
    }

    @Override
    public void answered(List<SearchHit> hits) {
      calls.set(slot, null);
      onNodeAnswered(node, sentNanos, hits);
    }

    @Override
    public void failed(Status status) {
      calls.set(slot, null);
      onNodeFailed(node, sentNanos, status);
    }

    @Override
    public void lost() {
      Optional<ManagedChannel> channel = node.channel();
      if (channel.isEmpty() || stopped.get() != null) {
        failed(Status.UNAVAILABLE.withDescription("the node's relay stream ended"));
        return;
      }
      LOG.debug("node {}'s relay stream ended: asking it by a call", node.info().getNodeId());
      Context previous = Context.ROOT.attach();
      try {
        askByCall(slot, node, channel.get(), request.toByteArray(), callOptions(), sentNanos);
      } finally {
        Context.ROOT.detach(previous);
      }
    }
  }
}
