package io.diztl.tracker.internal;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.diztl.proto.v1.DeliverStandingMatchesRequest;
import io.diztl.proto.v1.HoldStandingQueriesRequest;
import io.diztl.proto.v1.NodeInfo;
import io.diztl.proto.v1.PeerGrpc;
import io.diztl.proto.v1.ReportStandingMatchesRequest;
import io.diztl.proto.v1.StandingQuery;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes standing queries to the nodes and their matches to the asking node: a registered query
 * goes to every live node, the whole set to each node that registers (joins, moves, or comes back
 * after a tracker restart), and each reported match to the asker. Calls run in the background; a
 * node that misses one gets the whole set again when it next registers.
 */
public final class StandingQueryRelay {

  private static final Logger LOG = LoggerFactory.getLogger(StandingQueryRelay.class);
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(5);

  private final StandingQueries queries;
  private final PeerRegistry registry;
  private final Executor executor;

  /** Relays the queries of {@code queries} to the nodes of {@code registry}. */
  public StandingQueryRelay(StandingQueries queries, PeerRegistry registry, Executor executor) {
    this.queries = queries;
    this.registry = registry;
    this.executor = executor;
  }

  /** The queries held. */
  public StandingQueries queries() {
    return queries;
  }

  /** Registers {@code query} of {@code asker} and sends it to every live node. */
  public StandingQuery register(String asker, StandingQuery query) {
    StandingQuery held = queries.register(asker, query);
    LOG.info(
        "standing query {} of node {} registered: {}",
        held.getId(),
        asker,
        LogText.of(held.getQuery().getQuery()));
    pushToAll(HoldStandingQueriesRequest.newBuilder().addQueries(held).build());
    return held;
  }

  /** Cancels query {@code id} of {@code asker} on every live node. */
  public void cancel(String asker, String id) {
    queries.cancel(asker, id);
    LOG.info("standing query {} of node {} cancelled", id, asker);
    pushToAll(HoldStandingQueriesRequest.newBuilder().addCancelledIds(id).build());
  }

  /** Sends the whole set to a node that has just registered. */
  public void registered(NodeInfo node) {
    List<StandingQuery> all = queries.all();
    node(node.getNodeId())
        .ifPresent(
            channel ->
                hold(
                    node.getNodeId(),
                    channel,
                    HoldStandingQueriesRequest.newBuilder()
                        .addAllQueries(all)
                        .setReplace(true)
                        .build()));
  }

  /**
   * Passes the matches {@code reporter} found on to the query's asker; dropped when the asker is
   * not online.
   *
   * @throws DiztlException {@code NOT_FOUND} when the query has ended
   */
  public void report(String reporter, ReportStandingMatchesRequest report) {
    StandingQuery query =
        queries
            .get(report.getQueryId())
            .orElseThrow(
                () ->
                    new DiztlException(
                        ErrorKind.NOT_FOUND,
                        "no standing query " + LogText.of(report.getQueryId()) + ": it has ended"));
    Optional<RegisteredNode> from = live(reporter);
    Optional<RegisteredNode> asker = live(query.getAskerNodeId());
    if (from.isEmpty() || asker.isEmpty() || asker.get().channel().isEmpty()) {
      LOG.debug(
          "dropping {} matches of standing query {}: node {} or {} is not online",
          report.getHitsCount(),
          query.getId(),
          reporter,
          query.getAskerNodeId());
      return;
    }
    DeliverStandingMatchesRequest delivery =
        DeliverStandingMatchesRequest.newBuilder()
            .setQueryId(query.getId())
            .setNode(from.get().info())
            .addAllHits(report.getHitsList())
            .setOmitted(report.getOmitted())
            .build();
    ManagedChannel channel = asker.get().channel().get();
    detached(
        () ->
            stub(channel)
                .deliverStandingMatches(
                    delivery,
                    new Logged<>(
                        "deliver matches of " + query.getId() + " to " + query.getAskerNodeId())));
  }

  private void pushToAll(HoldStandingQueriesRequest request) {
    for (RegisteredNode node : registry.live()) {
      node.channel().ifPresent(channel -> hold(node.info().getNodeId(), channel, request));
    }
  }

  private void hold(String nodeId, ManagedChannel channel, HoldStandingQueriesRequest request) {
    detached(
        () ->
            stub(channel)
                .holdStandingQueries(request, new Logged<>("send standing queries to " + nodeId)));
  }

  /** Runs a call outside the current call's context, so that the end of that call ends none. */
  private static void detached(Runnable call) {
    Context.current().fork().run(call);
  }

  private Optional<ManagedChannel> node(String id) {
    return live(id).flatMap(RegisteredNode::channel);
  }

  private Optional<RegisteredNode> live(String id) {
    return registry.live().stream().filter(n -> n.info().getNodeId().equals(id)).findFirst();
  }

  private PeerGrpc.PeerStub stub(ManagedChannel channel) {
    return PeerGrpc.newStub(channel)
        .withExecutor(executor)
        .withDeadlineAfter(CALL_DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Logs a failed background call at DEBUG: the node gets the set again when it registers. */
  private record Logged<T>(String what) implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {
      LOG.debug("could not {}: {}", what, t.toString());
    }

    @Override
    public void onCompleted() {}
  }
}
